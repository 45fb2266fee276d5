"""Processor role: the client controller hears within the agreed working days, answers through a
signed link, and nothing reaches the requester before its instruction (rules 2.8, DPA art. 9)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseNotice
from dsar.cases.service import require_move
from dsar.cases.sweep import sweep_deadlines
from dsar.controllers.models import ClientController, Forward
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields
from workflows.errors import IllegalMove
from workflows.states import Move


def at(y, m, d, hour=10):
    return time_machine.travel(datetime(y, m, d, hour, 0, tzinfo=UTC), tick=False)


def add_controller(**overrides) -> ClientController:
    values = {
        "name": "Bakkerij Janssens BV",
        "contact_emails": ["privacy@janssens.example"],
        "language": "nl",
        "holiday_country": "BE",
        "forward_working_days": 5,
        "listed_on_form": True,
        "may_tell_subject": True,
    }
    controller = ClientController(**{**values, **overrides})
    db.session.add(controller)
    db.session.commit()
    return controller


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def mails(template: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def test_admins_keep_the_register_and_bad_addresses_are_refused(forms, client, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")
    data = {
        "name": "Acme NV",
        "contact_emails": "dpo@acme.example\nnot an address",
        "language": "fr",
        "holiday_country": "BE",
        "forward_working_days": "5",
    }
    refused = forms.post("/staff/controllers/new", data)
    assert refused.status_code == 200 and "Not a valid e-mail address" in refused.get_data(as_text=True)
    assert db.session.scalars(select(ClientController)).all() == []

    saved = forms.post(
        "/staff/controllers/new", {**data, "contact_emails": "dpo@acme.example", "listed_on_form": "y"}
    )
    assert saved.status_code == 302
    controller = db.session.scalars(select(ClientController)).one()
    assert (controller.contact_emails, controller.language, controller.listed_on_form) == (
        ["dpo@acme.example"],
        "fr",
        True,
    )


@pytest.mark.parametrize("role", ["handler", "auditor"])
def test_only_admins_edit_the_register(forms, client, staff, role):
    staff(role)
    sign_in(forms, email=f"{role}@example.org")
    assert client.get("/staff/controllers/new").status_code == 403


def test_the_public_form_lists_only_listed_clients_and_the_case_gets_the_agreed_forward_date(forms, client):
    add_controller(name="Hidden Client", listed_on_form=False)
    listed = add_controller(name="Bakkerij Janssens BV", forward_working_days=3, holiday_country="NL")
    page = client.get("/").get_data(as_text=True)
    assert "Bakkerij Janssens BV" in page and "Hidden Client" not in page

    with at(2026, 4, 30):  # Thu; NL: Fri 1 May working, King's Day was 27 Apr, Tue 5 May Liberation Day
        forms.submit_request(controller=str(listed.id))
    case = the_case()
    assert case.role == "processor" and case.client_controller_id == listed.id
    assert case.forward_by == date(2026, 5, 6)  # Fri 1, Mon 4, (Tue 5 holiday), Wed 6


def test_a_client_that_is_not_listed_cannot_be_chosen(forms):
    hidden = add_controller(name="Hidden Client", listed_on_form=False)
    response = forms.submit_request(controller=str(hidden.id))
    assert response.status_code == 400
    assert "Choose an organisation from the list." in response.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []


def forward_as_staff(forms, client, staff):
    staff("handler")
    sign_in(forms)
    reference = the_case().reference
    page = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "Forward to Bakkerij Janssens BV" in page
    return client.post(f"/staff/cases/{reference}/forward", data=hidden_fields(page))


def controller_path() -> str:
    body = mails("controller_forward")[0].body_text
    return (
        next(line for line in body.splitlines() if "/controller/" in line)
        .strip()
        .removeprefix("http://portal.test")
    )


def test_forwarding_sends_the_request_to_the_controller_and_tells_the_requester_when_allowed(
    forms, client, staff
):
    controller = add_controller()
    forms.submit_request(controller=str(controller.id), rights=["erasure"], erasure_scope="All my orders")
    forward_as_staff(forms, client, staff)

    case = the_case()
    assert case.state == "forwarded" and case.forwarded_at is not None
    [forward_mail] = mails("controller_forward")
    assert forward_mail.to_address == "privacy@janssens.example" and forward_mail.language == "nl"
    assert "All my orders" in forward_mail.body_text and case.reference in forward_mail.subject
    assert "UTC" in forward_mail.body_text and "Europe/Brussels" in forward_mail.body_text
    [notice] = mails("forwarded_notice")
    assert notice.to_address == case.requester_email and "Bakkerij Janssens BV" in notice.body_text


def test_the_requester_is_not_told_when_the_client_does_not_allow_it(forms, client, staff):
    controller = add_controller(may_tell_subject=False)
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    assert mails("forwarded_notice") == []


def test_the_controller_acknowledges_instructs_and_writes_through_its_link(forms, client, staff, app):
    controller = add_controller()
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    path = controller_path()
    with pytest.raises(IllegalMove, match=r"instruction is recorded \(DPA art. 9.5\)"):
        require_move(the_case(), Move.ANSWER, "handler")

    outsider = app.test_client()
    page = outsider.get(path).get_data(as_text=True)
    assert the_case().reference in page
    outsider.post(path, data={**hidden_fields(page), "action": "acknowledge"})
    outsider.post(path, data={**hidden_fields(page), "action": "message", "m-body": "We check our systems."})
    outsider.post(
        path,
        data={
            **hidden_fields(page),
            "action": "instruct",
            "i-instruction": "processor_executes",
            "i-note": "Erase the customer record",
        },
    )

    case = the_case()
    forward = db.session.scalars(select(Forward)).one()
    assert forward.acknowledged_at and forward.instruction == "processor_executes"
    assert [m.body for m in forward.messages] == ["We check our systems."]
    # DPA art. 9.5: an instruction to execute covers no disclosure; the client answers the requester.
    with pytest.raises(IllegalMove, match="did not instruct us to answer the data subject on its behalf"):
        require_move(case, Move.ANSWER, "handler")
    staff_page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert (
        "Please execute the erasure or rectification" in staff_page and "We check our systems." in staff_page
    )
    kinds = [event.kind for event in case.events]
    assert {"controller_acknowledged", "controller_message", "controller_instruction"} <= set(kinds)


def test_a_tampered_or_expired_controller_link_is_refused(forms, client, staff, app):
    controller = add_controller()
    with at(2026, 2, 2):
        forms.submit_request(controller=str(controller.id))
        forward_as_staff(forms, client, staff)
    path = controller_path()
    outsider = app.test_client()
    with at(2026, 2, 3):
        assert outsider.get(path[:-4] + "abcd").status_code == 404
    with at(2026, 3, 10):
        expired = outsider.get(path)
    assert expired.status_code == 410 and "This link has expired" in expired.get_data(as_text=True)


def test_the_sweep_chases_the_controller_and_escalates_an_unanswered_forward(make_app):
    app = make_app(STAFF_ALERT_EMAIL="team@example.org")
    with app.app_context():
        controller = add_controller()
        from dsar.controllers.service import forward_case
        from tests.support.forms import FormClient

        with at(2026, 2, 2):
            FormClient(app.test_client()).submit_request(controller=str(controller.id))
            forward_case(the_case(), None)
            db.session.commit()
        with at(2026, 2, 4):  # 2 working days after the forward, not acknowledged
            sweep_deadlines()
        with at(2026, 2, 20):  # 7 working days before the controller's clock ends (Mon 2 Mar)
            sweep_deadlines()
            sweep_deadlines()
        kinds = sorted(db.session.scalars(select(CaseNotice.kind)))
        assert kinds == ["forward_unanswered", "reminder_7"]
        assert [m.to_address for m in mails("controller_reminder")] == ["privacy@janssens.example"]
        assert [m.subject for m in mails("staff_alert")] == [f"[{the_case().reference}] forward_unanswered"]


def test_staff_can_reassign_a_request_until_it_is_forwarded(forms, client, staff):
    controller = add_controller()
    forms.submit_request()
    staff("handler")
    sign_in(forms)
    reference = the_case().reference
    page = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    client.post(
        f"/staff/cases/{reference}/controller", data={**hidden_fields(page), "controller_id": controller.id}
    )
    case = the_case()
    assert case.role == "processor" and case.forward_by is not None
