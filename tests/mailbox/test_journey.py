"""The journey of a request by e-mail, through the real parts (dovecot, the SMTP sink, the HTTP
client, the periodic tick): a Dutch mail arrives, staff triage it, the requester confirms, is asked
a question and replies by mail, the reply lands on the case, and the requester is answered."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db, utcnow
from dsar.core.periodic import tick
from dsar.mailbox.models import IncomingMail
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import record_of_processing  # noqa: F401 - autouse: Art. 15(1) record
from tests.mailbox.pages import as_form_data, form_values
from tests.support.forms import FormClient, hidden_fields

DUTCH_MAIL = (
    "Goedemiddag,\n\nGraag wil ik inzage in de persoonsgegevens die u over mij verwerkt.\n"
    "Mijn klantnummer: KL-77120.\n\nMet vriendelijke groet,\nAn Peeters"
)


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def path_of_link(mail, marker: str) -> str:
    text = mail.get_body(("plain",)).get_content()
    return urlsplit(next(line.strip() for line in text.splitlines() if marker in line)).path


def reply_to(original, body: str) -> bytes:
    reply = EmailMessage()
    reply["From"] = "An Peeters <an.peeters@example.be>"
    reply["To"] = original["Reply-To"]
    reply["Subject"] = "Re: " + original["Subject"]
    reply["In-Reply-To"] = original["Message-ID"]
    reply["References"] = original["Message-ID"]
    reply.set_content(body)
    reply.add_attachment(b"%PDF-1.4 contract", maintype="application", subtype="pdf", filename="contract.pdf")
    return bytes(reply)


def test_a_dutch_mail_becomes_a_case_and_the_reply_lands_on_it(make_app, imap, smtp_sink, staff):
    app = make_app(**imap.config(), **smtp_sink.config())
    arrived = (utcnow() - timedelta(hours=3)).replace(microsecond=0)
    with app.app_context():
        message = EmailMessage()
        message["From"] = "An Peeters <an.peeters@example.be>"
        message["Subject"] = "Verzoek om inzage"
        message.set_content(DUTCH_MAIL)
        imap.deliver(bytes(message), at=arrived)
        tick()  # the periodic tick reads the mailbox

        client = app.test_client()
        forms = FormClient(client)
        staff("handler")
        sign_in(forms)
        queue = client.get("/staff/mailbox/").get_data(as_text=True)
        assert '<dd class="waiting-count">1</dd>' in queue
        mail_id = db.session.scalar(select(IncomingMail.id))
        page = client.get(f"/staff/mailbox/{mail_id}").get_data(as_text=True)
        assert "KL-77120" in page and 'data-right="access"' in page

        form = client.get(f"/staff/mailbox/{mail_id}/register").get_data(as_text=True)
        response = client.post(
            f"/staff/mailbox/{mail_id}/register", data=as_form_data(form_values(form, "request-form"))
        )
        assert response.status_code == 302
        case = the_case()
        assert case.received_at == arrived.replace(second=0)
        assert case.language == "nl"

        app.extensions["dsar_jobs"].drain()
        [acknowledgement] = smtp_sink.wait_for(1)
        assert acknowledgement["To"] == "an.peeters@example.be"
        assert case.reference in acknowledgement["Subject"]
        assert acknowledgement["Reply-To"] == "privacy@example.org"

        requester = FormClient(app.test_client())
        requester.post(path_of_link(acknowledgement, "/confirm/"), {})
        assert the_case().state == "in_progress"

        detail = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
        client.post(
            f"/staff/cases/{case.reference}/request-information",
            data={**hidden_fields(detail), "reason": "scope", "message": "Over welke periode gaat het?"},
        )
        app.extensions["dsar_jobs"].drain()
        question = smtp_sink.wait_for(2)[-1]
        assert the_case().state == "awaiting_information"

        imap.deliver(reply_to(question, "Het gaat om 2025; het contract zit in de bijlage."))
        tick()

        case = the_case()
        assert case.state == "in_progress"
        assert case.messages[-1].body.startswith("Het gaat om 2025")
        detail = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
        assert "Het gaat om 2025" in detail and "contract.pdf" in detail
        download = re.search(r'href="(/staff/mailbox/\d+/files/[0-9a-f]+)">contract.pdf', detail).group(1)
        attachment = client.get(download)
        assert attachment.data == b"%PDF-1.4 contract"
        assert attachment.headers["Content-Type"] == "application/pdf"
        assert attachment.headers["Content-Disposition"].startswith("attachment;")

        sub = case.sub_requests[0]
        client.post(
            f"/staff/cases/{case.reference}/rights/{sub.id}/decide",
            data={**hidden_fields(detail), f"d{sub.id}-outcome": "granted"},
        )
        detail = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
        client.post(f"/staff/cases/{case.reference}/answer", data=hidden_fields(detail))
        app.extensions["dsar_jobs"].drain()
        answer = smtp_sink.wait_for(3)[-1]
        assert answer["To"] == "an.peeters@example.be" and case.reference in answer["Subject"]
        assert the_case().state == "answered"
