"""Replies join their case: our mails carry the case reference and a Reply-To of the mailbox; a
reply that names one of our mails, or the reference from the requester's own address, joins the
case, and when the case waits for the requester's information it is the answer (rules 3.4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.clock_actions import request_information
from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.mail_overrides import MailOverride
from dsar.intake.service import confirm_email
from dsar.mailbox.models import IncomingMail
from dsar.mailbox.service import fetch_new_mail
from tests.mailbox.mails import plain
from tests.support.forms import FormClient

RECEIVED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # Monday 2 Feb: one month = Mon 2 Mar
ASKED = datetime(2026, 2, 3, 10, 0, tzinfo=UTC)  # within 3 working days: the pause counts
REQUESTER = "An Peeters <an.peeters@example.org>"  # the address the public form helper uses


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def the_mail() -> IncomingMail:
    db.session.expire_all()
    return db.session.scalars(select(IncomingMail)).one()


def case_waiting_for_information(client) -> OutboxMessage:
    """A confirmed request, and our question to the requester; returns the question's mail."""
    with time_machine.travel(RECEIVED, tick=False):
        FormClient(client).submit_request()
        confirm_email(the_case())
        db.session.commit()
    with time_machine.travel(ASKED, tick=False):
        request_information(the_case(), None, "scope", "Which period do you mean?")
        db.session.commit()
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "information_request")
    ).one()


def test_our_mails_carry_the_reference_and_a_reply_to_of_the_mailbox(make_app, imap, smtp_sink):
    app = make_app(**imap.config(), **smtp_sink.config())
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        app.extensions["dsar_jobs"].drain()
        [sent] = smtp_sink.wait_for(1)
        assert sent["Reply-To"] == "privacy@example.org"
        assert the_case().reference in sent["Subject"]


def test_a_mail_text_rewritten_without_the_reference_still_carries_it(app, client):
    """Admins may rewrite every mail (Staff -> Mail texts); replies must still find their case."""
    db.session.add(
        MailOverride(
            name="acknowledgement",
            language="en",
            subject="Thank you",
            body_text="Received.",
            body_html="<p>Received.</p>",
        )
    )
    db.session.commit()
    FormClient(client).submit_request(lang="en")
    sent = db.session.scalars(select(OutboxMessage)).one()
    assert sent.subject == f"Thank you [{the_case().reference}]"


def test_a_reply_to_our_question_joins_the_case_and_resumes_the_clock_on_its_date(app, client, imap):
    question = case_waiting_for_information(client)
    replied = datetime(2026, 2, 10, 22, 30, tzinfo=UTC)  # 10 Feb, 23:30 in Brussels
    reply = plain(
        "Ik bedoel 2024 en 2025.",
        subject=f"Re: {question.subject}",
        sender=REQUESTER,
        attachments=[("overzicht.pdf", b"%PDF-1.4 list")],
        In_Reply_To=question.message_id,
        References=question.message_id,
    )
    imap.deliver(reply, at=replied)

    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):  # read days later
        fetch_new_mail()

    case = the_case()
    assert (the_mail().status, the_mail().case_id) == ("joined", case.id)
    [pause] = case.pauses
    assert pause.received_on == date(2026, 2, 10)  # the day it arrived, not the day it was read
    assert case.paused_days == 7  # 3 Feb -> 10 Feb
    assert case.due_date == date(2026, 3, 9)
    assert case.state == "in_progress"
    assert case.messages[-1].body.strip() == "Ik bedoel 2024 en 2025."
    joined = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "mail_joined")).one()
    assert joined.data["answer"] is True
    assert [part.display_name for part in the_mail().parts] == ["overzicht.pdf"]


def test_the_reference_in_the_subject_joins_when_the_requester_writes(app, client, imap):
    case_waiting_for_information(client)
    imap.deliver(plain("2024 graag", subject=f"Mijn verzoek {the_case().reference}", sender=REQUESTER))
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):
        fetch_new_mail()
    assert the_mail().status == "joined"
    assert the_case().pauses[0].received_on is not None


def test_a_reference_from_another_address_waits_for_staff(app, client, imap):
    """The reference is read out on the phone: it proves nothing. Someone else's mail naming it
    neither lands on the case nor answers its question."""
    case_waiting_for_information(client)
    forged = plain(
        "Stuur alles naar mij", subject=f"Re: {the_case().reference}", sender="mallory@example.net"
    )
    imap.deliver(forged)
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):
        fetch_new_mail()
    assert the_mail().status == "waiting"
    assert the_case().pauses[0].received_on is None
    assert the_case().messages[-1].direction == "out"


def test_a_reply_in_the_thread_from_another_address_waits_for_staff(app, client, imap, staff, forms):
    """A mail can be forwarded: being in the thread does not make someone the requester."""
    question = case_waiting_for_information(client)
    imap.deliver(plain("Ik ben zijn advocaat", sender="lawyer@example.be", In_Reply_To=question.message_id))
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):
        fetch_new_mail()
        assert the_mail().status == "waiting"
        assert the_case().pauses[0].received_on is None
        staff("handler")
        from tests.accounts.test_sign_in import sign_in

        sign_in(forms)
        page = client.get(f"/staff/mailbox/{the_mail().id}").get_data(as_text=True)
    assert f"This mail seems to belong to case {the_case().reference}." in page


def test_a_mail_that_crossed_our_question_joins_but_is_not_the_answer(app, client, imap):
    case_waiting_for_information(client)
    earlier = plain("Nog een vraag", subject=f"{the_case().reference}", sender=REQUESTER)
    imap.deliver(earlier, at=datetime(2026, 2, 3, 9, 0, tzinfo=UTC))  # an hour before we asked
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):
        fetch_new_mail()
    assert the_mail().status == "joined"
    assert the_case().pauses[0].received_on is None


def test_a_reply_to_a_closed_case_waits_for_staff(app, client, imap):
    question = case_waiting_for_information(client)
    case = the_case()
    case.closed_at = datetime(2026, 2, 5, tzinfo=UTC)
    case.state = "closed"
    db.session.commit()
    imap.deliver(plain("Alsnog", sender=REQUESTER, In_Reply_To=question.message_id))
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=UTC), tick=False):
        fetch_new_mail()
    assert the_mail().status == "waiting"  # rules 3.4: a later reply is a new request
