"""Least privilege, route by route (security.md Z-01/Z-02, ASVS 8.2.1/8.2.2/8.3.1).

ACCESS below is the declared policy: which roles may use each staff endpoint. The test walks
``app.url_map``: a route that is in neither ACCESS nor PUBLIC fails, so a new route cannot ship
without a decision. For every route and method, an anonymous visitor is sent to the sign-in page,
each role outside the entry gets 403, each role inside it gets past the check (the page, a
redirect, a form error or a 404 for a made-up object, but never 403 or the sign-in page)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.files import CaseFile
from dsar.cases.models import Case, SubRequest
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.cases.test_files import CSV, attach
from tests.support.forms import FormClient, hidden_fields
from tests.support.signin import sign_in

ROLES = ("admin", "dpo", "handler", "auditor")
ALL = frozenset(ROLES)
WORKERS = frozenset({"admin", "dpo", "handler"})
ADMIN = frozenset({"admin"})
COPY_VIEWERS = frozenset({"dpo", "handler"})  # DSAR_ID_COPY_ROLES default; never auditors
OVERSIGHT = frozenset({"admin", "dpo", "auditor"})  # reads registers, reports and the audit trail
ADMIN_DPO = frozenset({"admin", "dpo"})
DPO = frozenset({"dpo"})

ACCESS: dict[str, frozenset[str]] = {
    # own account and session
    "accounts.logout": ALL,
    "accounts.reauth": ALL,
    "enrolment.enrol": ALL,
    # cases
    "cases.case_list": ALL,
    "cases.case_detail": ALL,
    "offline.register_request": WORKERS,
    "register_export.export_register": frozenset({"admin", "dpo", "auditor"}),
    "clock.extend": WORKERS,
    "clock.request_information": WORKERS,
    "clock.information_received": WORKERS,
    "decisions.decide": WORKERS,
    "decisions.answer": WORKERS,
    "decisions.close": WORKERS,
    "case_files.attach_answer_package": WORKERS,
    "case_files.staff_download": WORKERS,  # auditors see that a file exists, never its content (Z-03)
    "queue.assign": WORKERS,
    "decisions.restriction_lift_notice": WORKERS,  # Art. 18(3): the person is told before the lift
    "decisions.lift_restriction": WORKERS,
    "decisions.reclassify_direct_marketing": WORKERS,
    # Art. 21(3) suppression list: anyone may check an identifier; only admin and DPO export it
    "suppression.overview": ALL,
    "suppression.export": ADMIN_DPO,
    "queue.bulk": WORKERS,
    # case work
    "casework.add_note": WORKERS,
    "casework.log_time": WORKERS,
    "casework.upload_attachment": WORKERS,
    "casework.download_attachment": WORKERS,
    "casework.record_recipient": WORKERS,
    "casework.tick_system": WORKERS,
    "casework.propose_art12_5": WORKERS,
    "casework.decide_art12_5": DPO,  # rules C3: the DPO approves an Art. 12(5) refusal or fee
    "casework.settle_fee": WORKERS,  # rules C2: paid, withdrawn or waived after the fee notice
    "casework.confirm_identity": WORKERS,
    "casework.systems": ADMIN,
    "casework.change_system": ADMIN,
    "casework.time_report": OVERSIGHT,
    "casework.time_report_csv": OVERSIGHT,
    # data sources, collection and bundles
    "exports.sources": ADMIN_DPO,
    "exports.add_source": ADMIN,
    "exports.add_dataset": ADMIN,
    "exports.test_dataset": ADMIN,
    "exports.add_change_statement": ADMIN,
    "exports.processing": ADMIN_DPO,
    "exports.collect": WORKERS,
    "exports.add_manual_dataset": WORKERS,
    "exports.collection_progress": ALL,
    "exports.change_dry_run": WORKERS,
    "exports.change_execute": ADMIN_DPO,
    # letters and Art. 20(2) transmission
    "letters.letter_pdf": ALL,
    "transmission_staff.propose": WORKERS,
    "transmission_staff.refuse": WORKERS,
    # proof: audit trail, reports, retention
    "audit_trail.trail": OVERSIGHT,
    "audit_trail.verify_chain": OVERSIGHT,
    "audit_trail.export": OVERSIGHT,
    "reports.overview": OVERSIGHT,
    "reports.figures_csv": OVERSIGHT,
    "retention.set_hold": DPO,  # rules 6.2: a legal hold is the DPO's call
    "retention.lift_hold": DPO,
    "retention.purge_page": ADMIN_DPO,
    # processor role
    "controllers.register": frozenset({"admin", "dpo"}),
    "controllers.edit": ADMIN,
    "controllers.assign": WORKERS,
    "controllers.forward": WORKERS,
    # identity verification
    "identity_staff.request_copy": WORKERS,
    "identity_staff.knowledge_check": WORKERS,
    "identity_staff.verify": COPY_VIEWERS,
    "identity_staff.copy_image": COPY_VIEWERS,
    "identity_staff.ladder_settings": ADMIN,
    # mail
    "outbox.outbox": ALL,
    "outbox.message": ALL,
    "outbox.resend": WORKERS,
    "mail_texts.overview": ADMIN,
    "mail_texts.edit": ADMIN,
    "mail_texts.reset": ADMIN,
    # incoming mail: auditors see the queue and the mails, never the files (Z-03)
    "mailbox.queue": ALL,
    "mailbox.mail": ALL,
    "mailbox.register": WORKERS,
    "mailbox.join": WORKERS,
    "mailbox.dismiss": WORKERS,
    "mailbox.original": WORKERS,
    "mailbox.attachment": WORKERS,
    # staff accounts
    "staff_admin.staff_list": ADMIN,
    "staff_admin.create_staff": ADMIN,
    "staff_admin.change_role": ADMIN,
    "staff_admin.deactivate": ADMIN,
    "staff_admin.reactivate": ADMIN,
    "staff_admin.reset_two_factor": ADMIN,
    "staff_admin.unlock": ADMIN,
    # integration API: clients and secrets are the admin's; the DPO reads the webhook log
    "api_admin.client_list": ADMIN,
    "api_admin.create_client": ADMIN,
    "api_admin.rotate": ADMIN,
    "api_admin.revoke": ADMIN,
    "api_admin.subscribe": ADMIN,
    "api_admin.stop_subscription": ADMIN,
    "api_admin.deliveries": ADMIN_DPO,
    "api_admin.resend": ADMIN,
}

# /api/v1 answers to a bearer token, never to a session: tests/api checks that every route refuses
# a call without one (401) and with a token lacking its scope (403).
API = {
    "api.openapi",
    "api.file_request",
    "api.list_cases",
    "api.get_case",
    "api.list_forwards",
    "api.post_instruction",
}

# Open to everyone by design: the public side, sign-in itself, and a redirect.
PUBLIC = {
    "static",
    "favicon",
    "healthz",
    "readyz",
    "staff_home",
    "accounts.login",
    "accounts.second_factor",
    "intake.request_form",
    "intake.submitted",
    "intake.confirm",
    "intake.status",
    "intake.reply",
    "identity.upload",
    "identity.progress",
    "identity.progress_status",
    "identity.preview",
    "identity.accept",
    "identity.redo",
    "controllers.forward_page",
    "public_files.requester_download",
    "transmission.confirm",
    "transmission.download",
}


def staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC | API]


def test_every_route_has_a_declared_policy(app):
    declared = ACCESS | dict.fromkeys(PUBLIC | API)
    undeclared = sorted(rule.rule for rule in app.url_map.iter_rules() if rule.endpoint not in declared)
    assert undeclared == [], "add these routes to ACCESS or PUBLIC"
    assert all(rule.rule.startswith("/staff/") for rule in staff_rules(app))


def _objects(forms, staff) -> dict:
    """Real objects where a route looks the object up before the role check (a made-up id would
    give 404 to everyone and prove nothing); made-up ids elsewhere."""
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    target = staff("handler", email="target@example.org")
    return {
        "reference": case.reference,
        "sub_id": db.session.scalars(select(SubRequest.id)).first(),
        "message_id": db.session.scalars(select(OutboxMessage.id)).first(),
        "user_id": target.id,
        "controller_id": 999_999,
        "public_id": "no-such-file",
        "name": "acknowledgement",
        "language": "en",
        "system_id": 999_999,
        "approval_id": 999_999,
        "verdict": "approve",
        "settle_as": "paid",
        "change": "retire",
        "source_id": 999_999,
        "query_id": 999_999,
        "statement_id": 999_999,
        "run_id": 999_999,
        "collection_id": 999_999,
        "kind": "access",
        "fmt": "csv",
        "client_id": 999_999,
        "subscription_id": 999_999,
        "delivery_id": 999_999,
        "mail_id": 999_999,
    }


def _path(rule, objects: dict) -> str:
    return rule.build({arg: objects[arg] for arg in rule.arguments}, append_unknown=False)[1]


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _call(client, method: str, path: str, token: str):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": token})


def _signed_in_client(app, role: str):
    client = app.test_client()
    sign_in(FormClient(client), email=f"{role}@example.org")
    token = hidden_fields(client.get("/staff/cases").get_data(as_text=True))["csrf_token"]
    return client, token


def _is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and "/staff/login" in response.location


@pytest.mark.timeout(600)  # every route for every role: a few hundred requests
def test_each_role_gets_exactly_its_routes(app, forms, staff):
    objects = _objects(forms, staff)
    for role in ROLES:
        staff(role)
    anonymous = app.test_client()
    anonymous_token = hidden_fields(anonymous.get("/staff/login").get_data(as_text=True))["csrf_token"]
    # Sign-out last: it ends the session the other checks use.
    rules = sorted(staff_rules(app), key=lambda rule: rule.endpoint == "accounts.logout")
    problems = []
    for rule in rules:
        path = _path(rule, objects)
        for method in _methods(rule):
            response = _call(anonymous, method, path, anonymous_token)
            if not _is_sign_in_redirect(response):
                problems.append(f"anonymous {method} {path}: {response.status_code}")
    for role in ROLES:
        client, token = _signed_in_client(app, role)
        for rule in rules:
            path = _path(rule, objects)
            for method in _methods(rule):
                response = _call(client, method, path, token)
                allowed = role in ACCESS[rule.endpoint]
                signed_out = _is_sign_in_redirect(response) and rule.endpoint != "accounts.logout"
                denied = response.status_code == 403 or signed_out
                if allowed == denied or (not allowed and response.status_code != 403):
                    problems.append(f"{role} {method} {path}: {response.status_code}")
    assert problems == []


def test_an_auditor_cannot_change_anything(app, forms, staff):
    """Read-only means every POST outside the auditor's own session is refused."""
    objects = _objects(forms, staff)
    staff("auditor")
    client, token = _signed_in_client(app, "auditor")
    # Their own session, and checking the audit chain (a read that is sent as a form).
    own_session = {"accounts.logout", "accounts.reauth", "enrolment.enrol", "audit_trail.verify_chain"}
    posts = [rule for rule in staff_rules(app) if "POST" in rule.methods and rule.endpoint not in own_session]
    assert len(posts) > 20
    for rule in posts:
        response = client.post(_path(rule, objects), data={"csrf_token": token})
        assert response.status_code == 403, rule.rule


def _two_cases(forms) -> tuple[Case, Case]:
    for email in ("first@example.org", "second@example.org"):
        forms.submit_request(rights=["access"], email=email)
    first, second = db.session.scalars(select(Case).order_by(Case.id)).all()
    first.state = second.state = "in_progress"
    db.session.commit()
    return first, second


def test_a_file_of_another_case_is_not_reachable_through_this_case(app, forms, client, staff):
    """IDOR (Z-02): the file id is looked up within the case in the URL; a forged pair is a 404."""
    first, second = _two_cases(forms)
    staff("handler")
    sign_in(forms)
    attach(client, second, CSV, "orders.csv")
    own = db.session.scalars(select(CaseFile).where(CaseFile.case_id == second.id)).one()
    assert client.get(f"/staff/cases/{second.reference}/files/{own.public_id}").status_code == 200
    assert client.get(f"/staff/cases/{first.reference}/files/{own.public_id}").status_code == 404


def test_a_right_of_another_case_cannot_be_decided_through_this_case(app, forms, client, staff):
    first, second = _two_cases(forms)
    staff("handler")
    sign_in(forms)
    [other] = db.session.get(Case, second.id).sub_requests
    page = client.get(f"/staff/cases/{first.reference}").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{first.reference}/rights/{other.id}/decide",
        data={**hidden_fields(page), f"d{other.id}-outcome": "granted"},
    )
    assert response.status_code == 404
    assert db.session.get(SubRequest, other.id).outcome is None
