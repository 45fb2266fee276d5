"""The mailbox password and the requests never cross the network in clear text: TLS or STARTTLS,
with the server's certificate verified."""

from __future__ import annotations

from sqlalchemy import select

from dsar.core.db import db
from dsar.mailbox.models import IncomingMail, MailboxCursor
from dsar.mailbox.service import fetch_new_mail
from tests.mailbox.mails import plain


def test_tls_and_starttls_read_the_mailbox(make_app, imap_tls_server):
    mailbox = imap_tls_server.new_mailbox()
    mailbox.deliver(plain("inzage graag"))
    ca = str(imap_tls_server.certificate)
    for settings in (
        {"MAILBOX_SECURITY": "tls", "MAILBOX_PORT": imap_tls_server.tls_port, "MAILBOX_CA_FILE": ca},
        {"MAILBOX_SECURITY": "starttls", "MAILBOX_PORT": imap_tls_server.port, "MAILBOX_CA_FILE": ca},
    ):
        app = make_app(**mailbox.config(**settings))
        with app.app_context():
            for cursor in db.session.scalars(select(MailboxCursor)):
                db.session.delete(cursor)
            for mail in db.session.scalars(select(IncomingMail)):
                db.session.delete(mail)
            db.session.commit()
            assert fetch_new_mail() == 1, settings["MAILBOX_SECURITY"]


def test_a_certificate_we_cannot_verify_is_refused(make_app, imap_tls_server):
    mailbox = imap_tls_server.new_mailbox()
    mailbox.deliver(plain("inzage graag"))
    app = make_app(**mailbox.config(MAILBOX_SECURITY="tls", MAILBOX_PORT=imap_tls_server.tls_port))
    with app.app_context():
        assert fetch_new_mail() == 0
        assert "CERTIFICATE_VERIFY_FAILED" in db.session.scalar(select(MailboxCursor.last_error))
        assert db.session.scalars(select(IncomingMail)).all() == []
