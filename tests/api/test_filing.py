"""Filing a request through the API: the public form's checks, receipt time and channel for
requests that arrived elsewhere (back-dating needs a reason and is recorded, rules C1), RFC 9457
problems with the fields at fault, and nothing stored when the input is bad."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from dsar.cases.models import Case, CaseEvent
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.api.conftest import bearer

BODY = {
    "rights": ["access", "erasure"],
    "access_scope": "All invoices since 2024",
    "name": "An Peeters",
    "email": "an.peeters@example.org",
}


def case_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Case.id)))


def only_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def problem_fields(response) -> dict[str, str]:
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    return {error["pointer"]: error["detail"] for error in response.get_json().get("errors", [])}


def test_a_system_files_a_request_that_becomes_a_case_with_its_acknowledgement(client, api_token):
    token = api_token("requests:create")
    response = client.post("/api/v1/requests", json=BODY, headers=bearer(token))

    assert response.status_code == 201, response.get_data(as_text=True)
    document = response.get_json()
    case = only_case()
    assert document["reference"] == case.reference
    assert response.headers["Location"] == f"/api/v1/cases/{case.reference}"
    assert case.channel == "api" and sorted(case.rights) == ["access", "erasure"]
    assert case.requester_email == "an.peeters@example.org"
    assert [e.kind for e in case.events][:1] == ["submitted"]
    assert "filed_through_api" in [e.kind for e in case.events]
    # The same acknowledgement as the form: the requester hears from us, with the status link.
    assert db.session.scalars(select(OutboxMessage.template)).all() == ["acknowledgement"]
    assert document["deadlines"]["due_date"] == case.due_date.isoformat()


def test_the_forms_checks_apply_and_nothing_is_stored(client, api_token):
    token = api_token("requests:create")
    body = {**BODY, "rights": ["rectification"], "email": "not an address"}
    response = client.post("/api/v1/requests", json=body, headers=bearer(token))

    assert response.status_code == 422
    fields = problem_fields(response)
    assert set(fields) == {"/email", "/rectification_current", "/rectification_correct"}
    assert response.get_json()["type"] == "urn:dsar:problem:invalid-request"
    assert case_count() == 0


def test_unknown_fields_and_wrong_types_are_refused_by_name(client, api_token):
    token = api_token("requests:create")
    body = {**BODY, "nickname": "An", "on_behalf": "yes", "rights": "access"}
    response = client.post("/api/v1/requests", json=body, headers=bearer(token))

    assert response.status_code == 422
    assert set(problem_fields(response)) == {"/nickname", "/on_behalf", "/rights"}
    assert case_count() == 0


def test_missing_required_fields_are_named(client, api_token):
    response = client.post(
        "/api/v1/requests", json={"rights": ["access"]}, headers=bearer(api_token("requests:create"))
    )
    assert response.status_code == 422
    assert set(problem_fields(response)) == {"/name", "/email"}


def test_the_problem_is_worded_in_the_callers_language(client, api_token):
    headers = {**bearer(api_token("requests:create")), "Accept-Language": "nl"}
    response = client.post("/api/v1/requests", json={**BODY, "email": "nope"}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["title"] == "Sommige velden zijn niet geldig."
    headers["Accept-Language"] = "fr"
    response = client.post("/api/v1/requests", json={**BODY, "email": "nope"}, headers=headers)
    assert response.get_json()["title"] == "Certains champs ne sont pas valides."


def test_a_body_that_is_too_large_or_not_json_is_refused(client, api_token):
    token = api_token("requests:create")
    huge = {**BODY, "access_scope": "x" * (70 * 1024)}
    response = client.post("/api/v1/requests", json=huge, headers=bearer(token))
    assert response.status_code == 413 and response.mimetype == "application/problem+json"

    response = client.post("/api/v1/requests", data="rights=access", headers=bearer(token))
    assert response.status_code == 415

    response = client.post(
        "/api/v1/requests", data="[1, 2", headers={**bearer(token), "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert case_count() == 0


def test_a_request_that_arrived_earlier_elsewhere_needs_a_reason_which_is_recorded(client, api_token):
    token = api_token("requests:create")
    letter_day = datetime.now(UTC) - timedelta(days=3)
    body = {**BODY, "channel": "letter", "received_at": letter_day.isoformat()}

    refused = client.post("/api/v1/requests", json=body, headers=bearer(token))
    assert refused.status_code == 422
    assert set(problem_fields(refused)) == {"/backdate_reason"}
    assert case_count() == 0

    body["backdate_reason"] = "The letter lay in the post room over the weekend."
    accepted = client.post("/api/v1/requests", json=body, headers=bearer(token))
    assert accepted.status_code == 201
    case = only_case()
    assert case.channel == "letter"
    assert case.received_at == letter_day.replace(microsecond=letter_day.microsecond)
    assert case.backdate_reason == body["backdate_reason"]
    backdated = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "backdated")).one()
    assert backdated.data["received_at"] == letter_day.isoformat()
    # The legal clock runs from the letter's arrival, not from the call (EDPB §159).
    assert accepted.get_json()["deadlines"]["receipt_date"] == case.receipt_date.isoformat()


def test_a_receipt_time_in_the_future_or_without_offset_is_refused(client, api_token):
    token = api_token("requests:create")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = client.post("/api/v1/requests", json={**BODY, "received_at": tomorrow}, headers=bearer(token))
    assert response.status_code == 422 and set(problem_fields(response)) == {"/received_at"}
    naive = datetime.now().replace(tzinfo=None).isoformat()
    response = client.post("/api/v1/requests", json={**BODY, "received_at": naive}, headers=bearer(token))
    assert response.status_code == 422 and set(problem_fields(response)) == {"/received_at"}
    assert case_count() == 0


def test_a_client_files_for_a_client_controller_only_with_that_controllers_scope(client, api_token):
    from tests.controllers.test_forwarding import add_controller

    controller = add_controller()
    other = add_controller(name="Other BV")
    token = api_token("requests:create", f"controller:{controller.id}")

    refused = client.post("/api/v1/requests", json={**BODY, "controller_id": other.id}, headers=bearer(token))
    assert refused.status_code == 422 and set(problem_fields(refused)) == {"/controller_id"}

    accepted = client.post(
        "/api/v1/requests", json={**BODY, "controller_id": controller.id}, headers=bearer(token)
    )
    assert accepted.status_code == 201
    case = only_case()
    assert case.role == "processor" and case.client_controller_id == controller.id
    assert case.forward_by is not None  # rules 3.5: the forwarding clock runs


def test_every_call_is_on_the_audit_trail_with_the_client(client, api_token):
    token = api_token("requests:create")
    client.post("/api/v1/requests", json=BODY, headers=bearer(token))
    client.post("/api/v1/requests", json={}, headers=bearer(token))
    client.post("/api/v1/requests", json=BODY, headers=bearer("dsar_000000000000_" + "x" * 43))

    db.session.expire_all()
    calls = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api.call").order_by(AuditEntry.id)
    ).all()
    assert [(c.detail["status"], c.detail["route"]) for c in calls] == [
        (201, "/api/v1/requests"),
        (422, "/api/v1/requests"),
        (401, "/api/v1/requests"),
    ]
    assert calls[0].case_id == only_case().id
    assert calls[0].detail["client"] == calls[1].detail["client"] is not None
    assert calls[2].detail["client"] is None
