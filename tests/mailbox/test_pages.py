"""The Incoming mail pages: the queue with its oldest mail's age, a mail turned into a case in two
clicks with the server's arrival time, added to a case, or set aside with a reason on the trail."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.mailbox.models import IncomingMail
from dsar.mailbox.service import fetch_new_mail
from tests.accounts.test_sign_in import sign_in
from tests.mailbox.mails import DUTCH_ACCESS, plain
from tests.mailbox.pages import as_form_data, form_values

ARRIVED = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # Saturday 7 March 00:30 in Brussels
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)  # Thursday 12 March


def the_mail() -> IncomingMail:
    db.session.expire_all()
    return db.session.scalars(select(IncomingMail)).one()


def arrive(imap, body=DUTCH_ACCESS, at=ARRIVED, **kwargs) -> IncomingMail:
    imap.deliver(plain(body, **kwargs), at=at)
    fetch_new_mail()
    db.session.expire_all()
    return db.session.scalars(select(IncomingMail).order_by(IncomingMail.id.desc())).first()


@time_machine.travel(NOW, tick=False)
def test_the_queue_shows_how_many_wait_and_the_oldest_age_in_working_days(imap, client, forms, staff):
    arrive(imap)
    arrive(imap, "a second one", at=datetime(2026, 3, 11, 8, 0, tzinfo=UTC))
    staff("handler")
    sign_in(forms)

    page = client.get("/staff/mailbox/").get_data(as_text=True)

    assert '<dd class="waiting-count">2</dd>' in page
    # From Saturday 7 March: Mon 9, Tue 10, Wed 11, Thu 12 are the working days since.
    assert "4 working days" in page
    assert "Verzoek" in page


@time_machine.travel(NOW, tick=False)
def test_a_mail_becomes_a_case_in_two_clicks_with_its_arrival_as_receipt(imap, client, forms, staff):
    mail = arrive(imap)
    staff("handler")
    sign_in(forms)

    page = client.get(f"/staff/mailbox/{mail.id}/register")  # click one: the prefilled form
    assert page.status_code == 200
    data = as_form_data(form_values(page.get_data(as_text=True), "request-form"))
    response = client.post(f"/staff/mailbox/{mail.id}/register", data=data)  # click two

    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    case = db.session.scalars(select(Case)).one()
    assert case.received_at == ARRIVED.replace(second=0)
    assert case.receipt_date == date(2026, 3, 7)  # Brussels date of the arrival (rules 3.2)
    assert case.one_month_due == date(2026, 4, 7)
    assert (case.channel, case.language, case.requester_email) == ("email", "nl", "jan@example.be")
    assert sorted(case.rights) == ["access", "erasure"]
    assert case.customer_reference == "KL-48213"
    # A mail proves nothing: the address is confirmed through the acknowledgement, as for the form.
    assert case.email_confirmed_at is None
    assert case.state == "awaiting_verification"
    assert [m.body for m in case.messages] == [mail.body_text]
    assert the_mail().status == "registered" and the_mail().case_id == case.id
    kinds = db.session.scalars(select(CaseEvent.kind)).all()
    assert "mail_registered" in kinds and "backdated" in kinds
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Received by e-mail" in page


@time_machine.travel(NOW, tick=False)
def test_a_mail_registered_once_cannot_open_a_second_case(imap, client, forms, staff):
    mail = arrive(imap)
    staff("handler")
    sign_in(forms)
    data = as_form_data(
        form_values(client.get(f"/staff/mailbox/{mail.id}/register").get_data(as_text=True), "request-form")
    )
    client.post(f"/staff/mailbox/{mail.id}/register", data=data)

    again = client.post(f"/staff/mailbox/{mail.id}/register", data=data)

    assert again.status_code == 302
    assert len(db.session.scalars(select(Case)).all()) == 1


@time_machine.travel(NOW, tick=False)
def test_not_a_request_needs_a_reason_and_goes_on_the_trail(imap, client, forms, staff):
    mail = arrive(imap, "Koop nu onze nieuwe producten!", subject="Aanbieding")
    staff("handler")
    sign_in(forms)

    refused = forms.post(
        f"/staff/mailbox/{mail.id}/dismiss", {"reason": ""}, form_path=f"/staff/mailbox/{mail.id}"
    )
    assert refused.status_code == 400
    assert "Say why this mail is not a request." in refused.get_data(as_text=True)
    assert the_mail().status == "waiting"

    done = forms.post(
        f"/staff/mailbox/{mail.id}/dismiss", {"reason": "Advertising"}, form_path=f"/staff/mailbox/{mail.id}"
    )
    assert done.status_code == 302
    assert (the_mail().status, the_mail().dismiss_reason) == ("not_request", "Advertising")
    shown = client.get(f"/staff/mailbox/{mail.id}").get_data(as_text=True)
    assert '<dd class="mail-status">Not a request: <span class="prewrap">Advertising</span>' in shown
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "mailbox.not_request" in actions
    assert '<dd class="waiting-count">0</dd>' in client.get("/staff/mailbox/").get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_staff_add_a_mail_to_an_existing_case(imap, client, forms, staff):
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    mail = arrive(imap, "Hierbij nog een kopie van mijn klantenkaart.", subject="aanvulling")
    staff("handler")
    sign_in(forms)

    unknown = forms.post(
        f"/staff/mailbox/{mail.id}/join", {"reference": "ZZZZ-ZZZZ"}, form_path=f"/staff/mailbox/{mail.id}"
    )
    assert unknown.status_code == 400
    assert "There is no case with this reference." in unknown.get_data(as_text=True)

    joined = forms.post(
        f"/staff/mailbox/{mail.id}/join",
        {"reference": case.reference.lower()},
        form_path=f"/staff/mailbox/{mail.id}",
    )
    assert joined.status_code == 302
    assert (the_mail().status, the_mail().case_id) == ("joined", case.id)
    db.session.expire_all()
    assert "klantenkaart" in db.session.get(Case, case.id).messages[-1].body


@time_machine.travel(NOW, tick=False)
def test_auditors_read_the_queue_but_cannot_act_or_download(imap, client, forms, staff):
    mail = arrive(imap, attachments=[("id.pdf", b"%PDF-1.4 x")])
    staff("auditor")
    sign_in(forms, email="auditor@example.org")

    page = client.get(f"/staff/mailbox/{mail.id}").get_data(as_text=True)
    assert "Not a request" not in page and "/original" not in page
    assert client.get(f"/staff/mailbox/{mail.id}/original").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_queue_speaks_the_readers_language(imap, client, forms, staff):
    arrive(imap)
    staff("handler")
    sign_in(forms)
    dutch = client.get("/staff/mailbox/?lang=nl").get_data(as_text=True)
    assert "Binnenkomende mail" in dutch and "4 werkdagen" in dutch
    french = client.get("/staff/mailbox/?lang=fr").get_data(as_text=True)
    assert "Courriels entrants" in french and "4 jours ouvrables" in french


@time_machine.travel(NOW, tick=False)
def test_a_mail_cannot_be_registered_as_received_later_than_it_arrived(imap, client, forms, staff):
    """Rules 3.2: back-dating with a reason, never forward-dating (it would push the deadline out)."""
    mail = arrive(imap)
    staff("handler")
    sign_in(forms)
    page = client.get(f"/staff/mailbox/{mail.id}/register").get_data(as_text=True)
    data = as_form_data(form_values(page, "request-form"))
    assert data["received_local"] == "2026-03-07T00:30"

    later = client.post(
        f"/staff/mailbox/{mail.id}/register", data={**data, "received_local": "2026-03-09T09:00"}
    )

    assert later.status_code == 400
    assert "it cannot be registered as received later" in later.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []
    assert the_mail().status == "waiting"
