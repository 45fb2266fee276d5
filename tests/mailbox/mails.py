"""Mail as people send it, built with the standard library."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def plain(
    body: str,
    subject: str = "Verzoek",
    sender: str = "Jan Peeters <jan@example.be>",
    attachments: list[tuple[str, bytes]] = (),
    **headers,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "privacy@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="example.be")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    for filename, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    return bytes(message)


DUTCH_ACCESS = (
    "Beste,\n\nGraag wil ik inzage in mijn persoonsgegevens die u van mij verwerkt, en daarna wil ik "
    "dat u mijn gegevens verwijdert.\nMijn klantnummer: KL-48213.\n\nMet vriendelijke groet,\nJan Peeters"
)
