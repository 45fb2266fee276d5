"""Reading the mailbox against a real IMAP server: every message is stored once, whole and
encrypted, with the server's arrival time, and marked on the server only after it is committed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from dsar.core.audit import AuditEntry
from dsar.core.db import db, utcnow
from dsar.mailbox import store
from dsar.mailbox.connector import DONE_FLAG
from dsar.mailbox.models import IncomingMail, MailboxCursor
from dsar.mailbox.service import fetch_new_mail
from tests.mailbox.mails import DUTCH_ACCESS, plain


def mails() -> list[IncomingMail]:
    db.session.expire_all()
    return db.session.scalars(select(IncomingMail).order_by(IncomingMail.uid)).all()


def test_a_mail_is_stored_whole_with_its_arrival_time_and_triage(app, imap):
    arrived = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # 7 March in Brussels: rules 3.2
    pdf = b"%PDF-1.4 a scanned letter"
    imap.deliver(plain(DUTCH_ACCESS, attachments=[("brief.pdf", pdf)]), at=arrived)

    assert fetch_new_mail() == 1

    [mail] = mails()
    assert mail.received_at == arrived
    assert mail.from_address == "jan@example.be"
    assert mail.language == "nl"
    assert set(mail.suggested_rights) == {"access", "erasure"}
    assert "KL-48213" in mail.identifiers["customer_numbers"]
    assert mail.status == "waiting"
    raw = store.read_raw(mail)
    assert b"klantnummer" in raw
    assert b"klantnummer" not in store.path_for(mail.raw_key).read_bytes()  # encrypted at rest
    [part] = mail.parts
    assert part.display_name == "brief.pdf"
    assert store.read_part(mail, part) == pdf
    assert DONE_FLAG in imap.flags()[1] and "\\Seen" in imap.flags()[1]


def test_nothing_is_read_twice_and_later_mail_is_read_next_time(app, imap):
    imap.deliver(plain("first request, inzage"))
    fetch_new_mail()
    fetch_new_mail()
    imap.deliver(plain("second request, inzage"))
    fetch_new_mail()

    assert [mail.uid for mail in mails()] == [1, 2]


def test_a_stop_half_way_loses_nothing(make_app, imap):
    for number in range(3):
        imap.deliver(plain(f"request {number}"))
    app = make_app(**imap.config(MAILBOX_BATCH=1))  # each run stops after one message
    with app.app_context():
        fetch_new_mail()
        assert len(mails()) == 1
        # A stop between the commit and the flag: the server never heard the message was stored.
        with imap.open() as box:
            box.flag("1", [DONE_FLAG, "\\Seen"], False)
        fetch_new_mail()
        fetch_new_mail()
        fetch_new_mail()

        assert [mail.uid for mail in mails()] == [1, 2, 3]
        assert all(DONE_FLAG in flags for flags in imap.flags().values())


def test_one_fetch_at_a_time_across_processes(app, imap):
    imap.deliver(plain("inzage graag"))
    db.session.add(MailboxCursor(folder="INBOX", last_uid=0, lease_until=utcnow() + timedelta(minutes=3)))
    db.session.commit()

    assert fetch_new_mail() == 0  # another process holds the lease
    assert mails() == []

    cursor = db.session.scalar(select(MailboxCursor))
    cursor.lease_until = utcnow() - timedelta(seconds=1)  # that process died; its lease ran out
    db.session.commit()
    assert fetch_new_mail() == 1


def test_a_new_uidvalidity_reads_again_without_storing_twice(app, imap):
    imap.deliver(plain("eerste verzoek"))
    fetch_new_mail()
    imap.reset_uidvalidity()
    imap.deliver(plain("tweede verzoek"))

    fetch_new_mail()

    assert sorted(mail.body_text.strip() for mail in mails()) == ["eerste verzoek", "tweede verzoek"]
    changed = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "mailbox.uidvalidity_changed")
    )
    assert changed == 1


def test_messages_move_to_the_done_folder_when_configured(make_app, imap):
    imap.create_folder("Portal")
    imap.deliver(plain("inzage"))
    app = make_app(**imap.config(MAILBOX_DONE_FOLDER="Portal"))
    with app.app_context():
        fetch_new_mail()
        assert len(mails()) == 1
    assert imap.count("INBOX") == 0
    assert imap.count("Portal") == 1


def test_an_unreachable_server_is_reported_and_loses_nothing(make_app, imap):
    imap.deliver(plain("inzage"))
    app = make_app(**imap.config(MAILBOX_PASSWORD="wrong"))
    with app.app_context():
        assert fetch_new_mail() == 0
        cursor = db.session.scalar(select(MailboxCursor))
        assert "LOGIN" in cursor.last_error or "authentication" in cursor.last_error.lower()
        assert cursor.lease_until is None
    assert imap.count() == 1
