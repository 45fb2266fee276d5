"""The /api/v1 blueprint: thin views that authenticate the bearer token, check its scope, call
the same services as the pages, commit once and answer JSON. No cookies are read or set, so the
blueprint is exempt from CSRF (no browser session can be ridden); every call is on the audit trail."""

from __future__ import annotations

import functools
import re

from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from dsar.api import clients, filing, problems
from dsar.api.openapi import document
from dsar.api.problems import Problem
from dsar.cases import queue
from dsar.cases.service import case_or_404, record_event
from dsar.controllers import service as controllers
from dsar.controllers.forms import InstructionForm
from dsar.core import audit
from dsar.core.db import MAX_ID, db, utcnow
from dsar.core.time import brussels_today
from dsar.core.web import limiter
from dsar.intake.offline import new_request
from dsar.intake.service import submit_request
from workflows.states import CaseRole, CaseState, Right

bp = Blueprint("api", __name__, url_prefix="/api/v1")
problems.install_on_blueprint(bp)
PAGE_SIZES = range(1, 101)
DEFAULT_PAGE = 50
INSTRUCTION_FIELDS = {"instruction": str, "note": str}


def current_client():
    """The client the bearer token names (looked up once per request), or None."""
    if "api_client" not in g:
        g.api_client = clients.authenticate(request.headers.get("Authorization"))
    return g.api_client


def rate_limit_key() -> str:
    """Per client when the token is valid, else per address: bad tokens cannot buy fresh limits."""
    client = current_client()
    return f"api-client:{client.id}" if client else f"api-ip:{request.remote_addr}"


def requires(scope_of):
    """The view needs a valid token holding the scope ``scope_of(**view_args)`` names."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(**kwargs):
            client = current_client()
            if client is None:
                raise Problem(401, "unauthenticated", _("Send a valid token as Authorization: Bearer."))
            scope = scope_of(**kwargs) if callable(scope_of) else scope_of
            if scope not in client.scopes:
                raise Problem(403, "forbidden", _("This client lacks the scope %(scope)s.", scope=scope))
            return view(**kwargs)

        return guarded

    return decorate


@bp.after_request
def audit_call(response):
    """Every call, allowed or not, on the trail: which client, which route, which outcome."""
    client = g.get("api_client")
    rule = request.url_rule.rule if request.url_rule else None
    if client is not None:
        client.last_used_at = utcnow()
    audit.record(
        "api.call",
        None,
        g.get("api_case_id"),
        client=client.id if client else None,
        method=request.method,
        route=rule,
        status=response.status_code,
    )
    db.session.commit()
    return response


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())


@bp.post("/requests")
@requires("requests:create")
def file_request():
    client = current_client()
    body, errors = filing.read_json(filing.REQUEST_FIELDS, filing.REQUIRED)
    form = filing.request_form(body, clients.controller_ids(client.scopes))
    if not form.validate() or errors:
        raise filing.invalid({**filing.form_errors(form), **errors})
    controller = controllers.find_controller(int(form.controller.data)) if form.controller.data else None
    if form.controller.data and controller is None:  # in the client's scope, but no longer registered
        raise filing.invalid({"controller_id": _("Unknown value.")})
    received_at = form.received_at()
    new = new_request(form, form.language.data, received_at, form.channel.data)
    case = submit_request(new, controller=controller)
    record_event(case, "filed_through_api", client_id=client.id)
    if filing.needs_backdate_record(form):
        # Back-dating is recorded as for staff (rules C1): who, when it arrived, why.
        case.backdate_reason = form.backdate_reason.data.strip()
        record_event(case, "backdated", received_at=received_at.isoformat(), client_id=client.id)
    g.api_case_id = case.id
    db.session.commit()
    response = jsonify(case_document(case_or_404(case.reference)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_case", reference=case.reference)
    return response


@bp.get("/cases")
@requires("cases:read")
def list_cases():
    args = _query_args({"state", "right", "role", "controller_id", "due", "after", "limit"})
    filters = queue.QueueFilter(
        state=_choice(args, "state", CaseState),
        right=_choice(args, "right", Right),
        role=_choice(args, "role", CaseRole),
        controller_id=_integer(args, "controller_id", minimum=1),
        due=_choice(args, "due", queue.DUE_WINDOWS),
    )
    after = None
    if "after" in args:
        after = queue.parse_cursor(args["after"])
        if after is None:
            raise Problem(400, "bad-request", _("Unknown cursor."), {"after": _("Unknown cursor.")})
    size = _page_size(args)
    query = queue.open_cases(filters, brussels_today())
    found = list(db.session.scalars(queue.page(query, after, size + 1)))
    more = len(found) > size
    items = [case_summary(case) for case in found[:size]]
    return {"items": items, "next": queue.cursor_of(found[size - 1]) if more else None}


@bp.get("/cases/<reference>")
@requires("cases:read")
def get_case(reference: str):
    case = _case(reference)
    g.api_case_id = case.id  # reading a case is on its trail (rules 6.3 item 12)
    return case_document(case)


def _controller_scope(controller_id: int, **_ignored) -> str:
    return f"controller:{controller_id}"


@bp.get("/controllers/<int:controller_id>/forwards")
@requires(_controller_scope)
def list_forwards(controller_id: int):
    args = _query_args({"after", "limit"})
    after = _integer(args, "after")
    size = _page_size(args)
    pairs = controllers.forwards_page(controller_id, after, size + 1)
    items = [forward_document(forward, case) for forward, case in pairs[:size]]
    more = len(pairs) > size
    return {"items": items, "next": str(pairs[size - 1][0].id) if more else None}


@bp.post("/controllers/<int:controller_id>/forwards/<reference>/instruction")
@requires(_controller_scope)
def post_instruction(controller_id: int, reference: str):
    """The client controller's instruction (DPA art. 9.5), as on its signed-link page."""
    case = _case(reference)
    forward = controllers.latest_forward(case)
    if forward is None or forward.controller_id != controller_id:
        raise Problem(404, "not-found", _("No request was forwarded to you under this reference."))
    g.api_case_id = case.id
    body, errors = filing.read_json(INSTRUCTION_FIELDS, ("instruction",))
    form = InstructionForm(formdata=MultiDict(body), meta={"csrf": False})
    if not form.validate() or errors:
        raise filing.invalid({**filing.form_errors(form), **errors})
    controllers.record_instruction(
        forward, case, form.instruction.data, (form.note.data or "").strip() or None
    )
    db.session.commit()
    return forward_document(forward, case)


# -- documents -----------------------------------------------------------------------------------


def _day(value):
    return value.isoformat() if value else None


def case_summary(case) -> dict:
    """What a list shows: ids, state and the deadline in force. No personal data."""
    return {
        "reference": case.reference,
        "state": str(case.state),
        "role": case.role,
        "channel": case.channel,
        "controller_id": case.client_controller_id,
        "rights": case.rights,
        "received_at": case.received_at.isoformat(),
        "due_date": case.due_date.isoformat(),
    }


def case_document(case) -> dict:
    """Status, deadlines, outcome per right and timeline (codes, never the substance: Recital 64)."""
    return {
        **case_summary(case),
        "deadlines": {
            "receipt_date": case.receipt_date.isoformat(),
            "one_month_due": case.one_month_due.isoformat(),
            "extended_due": case.extended_due.isoformat(),
            "due_date": case.due_date.isoformat(),
            "forward_by": _day(case.forward_by),
            "paused_days": case.paused_days,
            "extended": case.extended_at is not None,
        },
        "outcomes": [
            {"right": sub.right, "outcome": sub.outcome, "decided_at": _day(sub.decided_at)}
            for sub in case.sub_requests
        ],
        "timeline": [{"at": event.at.isoformat(), "kind": event.kind} for event in case.events],
        "answered_at": _day(case.answered_at),
        "closed_at": _day(case.closed_at),
    }


def forward_document(forward, case) -> dict:
    """The forwarded request as the controller's page shows it (rules P3): the controller decides
    on it, so it gets the requester's identifiers and the rights with their details."""
    return {
        "id": forward.id,
        "reference": case.reference,
        "sent_at": forward.sent_at.isoformat(),
        "forward_by": _day(case.forward_by),
        "received_at": case.received_at.isoformat(),
        "channel": case.channel,
        "requester": {
            "name": case.requester_name,
            "email": case.requester_email,
            "customer_reference": case.customer_reference,
            "on_behalf": case.on_behalf,
            "subject_name": case.subject_name,
        },
        "rights": [{"right": sub.right, "details": sub.details} for sub in case.sub_requests],
        "acknowledged_at": _day(forward.acknowledged_at),
        "instruction": forward.instruction,
        "instruction_at": _day(forward.instruction_at),
    }


# -- query strings -------------------------------------------------------------------------------


def _case(reference: str):
    if not re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference):
        raise Problem(404, "not-found", _("There is no case with this reference."))
    return case_or_404(reference)


def _query_args(known: set[str]) -> dict[str, str]:
    unknown = {name: _("Unknown parameter.") for name in request.args if name not in known}
    if unknown:
        raise Problem(400, "bad-request", _("Unknown query parameters."), unknown)
    return request.args.to_dict()


def _choice(args: dict, name: str, allowed) -> str | None:
    value = args.get(name)
    if value is not None and value not in {str(v) for v in allowed}:
        raise Problem(400, "bad-request", _("Unknown value."), {name: _("Unknown value.")})
    return value


def _integer(args: dict, name: str, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    value = args.get(name)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{1,10}", value) or int(value) < minimum:
        raise Problem(400, "bad-request", _("Give a whole number."), {name: _("Give a whole number.")})
    if int(value) > maximum:  # ids are INTEGER columns: no row has a larger one
        raise Problem(
            400, "bad-request", _("This number is too large."), {name: _("This number is too large.")}
        )
    return int(value)


def _page_size(args: dict) -> int:
    size = _integer(args, "limit", minimum=1)
    if size is None:
        return DEFAULT_PAGE
    if size not in PAGE_SIZES:
        raise Problem(400, "bad-request", _("Between 1 and 100."), {"limit": _("Between 1 and 100.")})
    return size


def limit_value() -> str:
    return current_app.config["RATELIMIT_API"]


# Per client (per address without a valid token); shared across processes through the limiter's store.
limiter.limit(limit_value, key_func=rate_limit_key)(bp)
