"""Filing a request through the API: the JSON body is checked for shape (known fields, JSON types,
size), then validated by the staff "register from another channel" form, which is the public
form's fields and checks plus channel and receipt time (rules C1, EDPB §159)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from dsar.api.problems import Problem
from dsar.core.db import utcnow
from dsar.intake.offline import CHANNELS, OfflineRequestForm, is_backdated
from workflows.states import Right

MAX_BODY_BYTES = 64 * 1024  # the form's text fields together stay far below this

TEXT_FIELDS = (
    "access_scope",
    "rectification_current",
    "rectification_correct",
    "erasure_scope",
    "restriction_ground",
    "restriction_details",
    "portability_scope",
    "portability_destination",
    "objection_processing",
    "objection_reasons",
    "consent_scope",
    "name",
    "email",
    "phone",
    "customer_reference",
    "subject_name",
    "representative_relation",
    "language",
    "channel",
    "received_at",
    "backdate_reason",
)
BOOL_FIELDS = ("objection_direct_marketing", "on_behalf")
# JSON name -> JSON type; the OpenAPI document is built from the same table.
REQUEST_FIELDS: dict[str, type] = {
    "rights": list,
    **dict.fromkeys(TEXT_FIELDS, str),
    **dict.fromkeys(BOOL_FIELDS, bool),
    "controller_id": int,
}
REQUIRED = ("rights", "name", "email")
API_CHANNEL = "api"  # filed by the client's own system: the call itself is the receipt


def read_json(fields: dict[str, type], required: tuple[str, ...] = ()) -> tuple[dict, dict[str, str]]:
    """The body's known, well-typed fields, and what is wrong with the others (unknown, wrong JSON
    type, missing), so one answer can name every fault together with the form's own findings."""
    if request.mimetype != "application/json":
        raise Problem(415, "unsupported-media-type", _("Send the body as application/json."))
    if (request.content_length or 0) > MAX_BODY_BYTES or len(request.get_data()) > MAX_BODY_BYTES:
        raise Problem(413, "too-large", _("The body may hold at most %(size)d bytes.", size=MAX_BODY_BYTES))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Problem(400, "bad-request", _("The body must be one JSON object."))
    errors = {name: _("Unknown field.") for name in body if name not in fields}
    for name, value in body.items():
        if name in fields and not _has_type(value, fields[name]):
            errors[name] = _("Wrong type: expected %(kind)s.", kind=JSON_TYPE_NAMES[fields[name]])
    for name in required:
        if name not in body:
            errors[name] = _("This field is required.")
    return {name: value for name, value in body.items() if name not in errors}, errors


def invalid(errors: dict[str, str]) -> Problem:
    return Problem(422, "invalid-request", _("Some fields are not valid."), errors)


JSON_TYPE_NAMES = {str: "string", bool: "boolean", int: "integer", list: "array of strings"}


def _has_type(value, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is list:
        return isinstance(value, list) and len(value) <= len(Right) and all(isinstance(v, str) for v in value)
    return isinstance(value, kind)


class ReceivedAtField(Field):
    """An ISO 8601 instant with its offset; a time without offset is ambiguous and refused."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist:
            return  # not given: received now
        try:
            parsed = datetime.fromisoformat(valuelist[0])
        except ValueError:
            raise ValueError(_l("Give an ISO 8601 date and time with its offset.")) from None
        if parsed.tzinfo is None:
            raise ValueError(_l("Give an ISO 8601 date and time with its offset."))
        self.data = parsed


class ApiRequestForm(OfflineRequestForm):
    """The staff registration form, with an ISO receipt time (default: now) and the API channel."""

    received_local = None
    received = ReceivedAtField()
    channel = SelectField(
        choices=[SelectChoice(API_CHANNEL, "API"), *(SelectChoice(k, v) for k, v in CHANNELS.items())]
    )

    def received_at(self) -> datetime:
        return self.received.data or utcnow()

    def validate_received(self, field):
        if field.data and field.data > utcnow() + timedelta(minutes=1):
            raise ValidationError(_l("A request cannot be received in the future."))

    def validate_backdate_reason(self, field):
        if is_backdated(self.received_at()) and not (field.data or "").strip():
            raise ValidationError(_l("Say why the request is registered after it arrived."))


# Form field name -> JSON name, where they differ.
JSON_NAMES = {"received": "received_at", "controller": "controller_id"}


def request_form(body: dict, controller_ids: set[int]) -> ApiRequestForm:
    """The form filled from the JSON body; the controller may only be one the client acts for."""
    pairs = [("rights", right) for right in body.get("rights", [])]
    for name, value in body.items():
        if name in BOOL_FIELDS:
            pairs.append((name, "y") if value else (name, ""))
        elif name in TEXT_FIELDS:
            pairs.append(("received" if name == "received_at" else name, value))
    if "controller_id" in body:
        pairs.append(("controller", str(body["controller_id"])))
    defaults = {"channel": API_CHANNEL, "language": current_app.config["DEFAULT_LANGUAGE"]}
    pairs += [(name, value) for name, value in defaults.items() if name not in body]
    form = ApiRequestForm(formdata=MultiDict(pairs), meta={"csrf": False})
    form.controller.choices = [(str(i), str(i)) for i in sorted(controller_ids)]
    return form


def form_errors(form) -> dict[str, str]:
    """The form's findings under their JSON names (after validate())."""
    return {JSON_NAMES.get(name, name): str(messages[0]) for name, messages in form.errors.items()}


def needs_backdate_record(form: ApiRequestForm) -> bool:
    return is_backdated(form.received_at())
