"""Mailbox operations: read new mail into the queue, and settle each mail (a new case, an existing
case, or not a request). Operations take an explicit actor and never commit, except the fetch,
which is a periodic job that commits one message at a time so a stop half-way loses nothing."""

from __future__ import annotations

import hashlib
import imaplib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from imap_tools.errors import ImapToolsError
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from dsar.cases import service as cases
from dsar.cases.clock import calendar_for, working_days_between
from dsar.cases.clock_actions import open_pause, record_information_received
from dsar.core import audit, scanning
from dsar.core.db import db, utcnow
from dsar.core.mail import OutboxMessage
from dsar.core.time import brussels_today
from dsar.intake.service import submit_request
from dsar.mailbox import connector, parsing, store
from dsar.mailbox.models import IncomingMail, MailboxCursor
from dsar.mailbox.triage import case_references, triage

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # renewed for every message; a crashed fetch frees it by expiring


class MailSettled(ValueError):
    """The mail already left the queue; the message says where it went."""


# ---------------------------------------------------------------- reading the mailbox


def fetch_new_mail() -> int:
    """Periodic: read what arrived since the last run. One run at a time across processes (a
    lease on the cursor row); returns how many messages were taken in."""
    config = current_app.config
    if not config["MAILBOX_HOST"]:
        return 0
    cursor_id = _claim_lease(config["MAILBOX_FOLDER"])
    if cursor_id is None:
        return 0  # another process is reading the mailbox right now
    taken, error = 0, None
    try:
        with connector.connect(config) as box:
            taken = _read_new(box, cursor_id)
    except (connector.MailboxError, ImapToolsError, imaplib.IMAP4.error, OSError) as exc:
        db.session.rollback()
        error = f"{type(exc).__name__}: {exc}"[:500]
        log.error("mailbox fetch failed: %s", error)
    _release_lease(cursor_id, error)
    return taken


def _claim_lease(folder: str) -> int | None:
    cursor_id = db.session.scalar(select(MailboxCursor.id).where(MailboxCursor.folder == folder))
    if cursor_id is None:
        try:
            db.session.add(MailboxCursor(folder=folder, last_uid=0))
            db.session.commit()
        except IntegrityError:  # another process created it a moment ago
            db.session.rollback()
        cursor_id = db.session.scalar(select(MailboxCursor.id).where(MailboxCursor.folder == folder))
    now = utcnow()
    claimed = db.session.execute(
        update(MailboxCursor)
        .where(
            MailboxCursor.id == cursor_id,
            or_(MailboxCursor.lease_until.is_(None), MailboxCursor.lease_until < now),
        )
        .values(lease_until=now + LEASE)
    )
    db.session.commit()
    return cursor_id if claimed.rowcount == 1 else None


def _release_lease(cursor_id: int, error: str | None) -> None:
    cursor = db.session.get(MailboxCursor, cursor_id)
    cursor.lease_until = None
    cursor.last_fetch_at = utcnow()
    cursor.last_error = error
    db.session.commit()


def _read_new(box, cursor_id: int) -> int:
    config = current_app.config
    cursor = db.session.get(MailboxCursor, cursor_id)
    validity = connector.uidvalidity(box, config["MAILBOX_FOLDER"])
    if cursor.uidvalidity != validity:
        # RFC 3501 2.3.1.1: the old UIDs mean nothing now; read again from the start.
        if cursor.uidvalidity is not None:
            audit.record("mailbox.uidvalidity_changed", None, None, old=cursor.uidvalidity, new=validity)
        cursor.uidvalidity, cursor.last_uid = validity, 0
        db.session.commit()
    _finish_marking(box, cursor)
    taken = 0
    for envelope in connector.envelopes_after(box, cursor.last_uid)[: config["MAILBOX_BATCH"]]:
        taken += _take(box, cursor, envelope)
        db.session.commit()
        # Only after the commit: a crash before this line leaves the message unmarked but stored,
        # and _finish_marking marks it on the next run.
        connector.mark_done(box, envelope.uid, config["MAILBOX_DONE_FOLDER"] or None)
    return taken


def _finish_marking(box, cursor: MailboxCursor) -> None:
    """Mark what a previous run stored but had no time to mark on the server."""
    if not cursor.last_uid:
        return
    unmarked = box.uids(f"UID 1:{cursor.last_uid} UNKEYWORD {connector.DONE_FLAG}")
    stored = set(
        db.session.scalars(
            select(IncomingMail.uid).where(
                IncomingMail.uidvalidity == cursor.uidvalidity,
                IncomingMail.uid.in_([int(u) for u in unmarked]),
            )
        )
    )
    for uid in sorted(stored):
        connector.mark_done(box, uid, current_app.config["MAILBOX_DONE_FOLDER"] or None)


def _take(box, cursor: MailboxCursor, envelope: connector.Envelope) -> int:
    """Store one message and move the cursor past it, in one transaction. Returns 1 when a new
    mail joined the queue or a case, 0 when it was already here."""
    cursor.last_uid = envelope.uid
    cursor.lease_until = utcnow() + LEASE
    known = select(IncomingMail.id).where(
        IncomingMail.uidvalidity == cursor.uidvalidity, IncomingMail.uid == envelope.uid
    )
    if db.session.scalar(known):
        return 0
    config = current_app.config
    too_large = envelope.size > config["MAILBOX_MAX_BYTES"]
    raw = connector.fetch_raw(box, envelope.uid, headers_only=too_large)
    digest = hashlib.sha256(raw).hexdigest()
    if not too_large and _stored_before(digest, cursor.uidvalidity):
        return 0  # the same message, read again after a UIDVALIDITY change
    mail = _new_mail(raw, digest, envelope, cursor.uidvalidity, too_large)
    audit.record("mailbox.received", None, None, mail=mail.id, problems=mail.problems)
    join_reply(mail)
    return 1


def _stored_before(digest: str, uidvalidity: int) -> bool:
    earlier = select(IncomingMail.id).where(
        IncomingMail.raw_sha256 == digest, IncomingMail.uidvalidity != uidvalidity
    )
    return db.session.scalar(earlier.limit(1)) is not None


def _new_mail(raw: bytes, digest: str, envelope, uidvalidity: int, too_large: bool) -> IncomingMail:
    config = current_app.config
    if too_large:
        parsed, verdict = parsing.parse_headers(raw), None
        parsed.problems.add("too_large")
    else:
        parsed = parsing.parse(raw, config["MAILBOX_MAX_ATTACHMENTS"])
        verdict = store.scan(raw)
        if verdict.verdict == scanning.Verdict.INFECTED:
            parsed.problems.add("infected")
            parsed.attachments = []
    if parsed.reply_to and parsed.reply_to.lower() != parsed.from_address.lower():
        parsed.problems.add("reply_to_differs")  # we answer the From address only
    found = triage(parsed.subject, parsed.text, parsed.from_address, config["DEFAULT_LANGUAGE"])
    mail = IncomingMail(
        uidvalidity=uidvalidity,
        uid=envelope.uid,
        received_at=envelope.received_at,
        size=envelope.size,
        raw_sha256=digest,
        scan_status="not_kept" if verdict is None else verdict.verdict.value,
        scan_signature=(verdict.signature or "")[:200] if verdict else None,
        from_address=parsed.from_address,
        from_name=parsed.from_name,
        reply_to=parsed.reply_to,
        subject=parsed.subject,
        message_id=parsed.message_id[:255],
        thread_ids=[ref[:255] for ref in parsed.references],
        body_text=parsed.text,
        language=found.language,
        suggested_rights=found.rights,
        identifiers={"emails": found.emails, "customer_numbers": found.customer_numbers},
        problems=sorted(parsed.problems),
        status="waiting",
    )
    db.session.add(mail)
    db.session.flush()
    if verdict is not None and verdict.verdict != scanning.Verdict.INFECTED:
        store.keep_raw(mail, raw, verdict.verdict)
        for attachment in parsed.attachments:
            store.keep_part(mail, attachment.data, attachment.filename)
    return mail


# ---------------------------------------------------------------- threading replies


def case_named_by(mail: IncomingMail):
    """The case a mail belongs to, by its thread (In-Reply-To/References name a Message-ID we sent
    for that case) or by a case reference in its subject."""
    if mail.thread_ids:
        outbox_case = db.session.scalar(
            select(OutboxMessage.case_id)
            .where(OutboxMessage.message_id.in_(mail.thread_ids), OutboxMessage.case_id.is_not(None))
            .limit(1)
        )
        if outbox_case:
            return cases.find_by_id(outbox_case)
    for reference in case_references(mail.subject):
        case = cases.find_by_reference(reference)
        if case is not None:
            return case
    return None


def join_reply(mail: IncomingMail) -> None:
    """A reply from the requester to an open case joins it by itself. Anything else waits for
    staff: a reference or a Message-ID is no proof of who writes (the reference is read out on the
    phone, a mail can be forwarded), a mail from someone else is not the requester's message, and a
    reply to a closed case is a new request (rules 3.4)."""
    case = case_named_by(mail)
    if case is None or case.closed_at is not None:
        return
    if not mail.from_address or mail.from_address.lower() != case.requester_email.lower():
        return
    join_case(mail, case, actor_id=None)


def join_case(mail: IncomingMail, case, actor_id: int | None) -> bool:
    """Add the mail to the case: a message on the timeline, its attachments listed with the case.
    When the case waits for the requester's information, the mail is the answer and the clock
    resumes on the day it arrived (rules 3.4). Returns whether it counted as that answer."""
    _require_waiting(mail)
    cases.add_incoming_message(case, mail.body_text, mail.received_at)
    answered = _answers_open_question(mail, case, actor_id)
    if answered:
        record_information_received(case, actor_id, received_at=mail.received_at)
    cases.record_event(case, "mail_joined", actor_id, mail=mail.id, answer=answered)
    _settle(mail, "joined", actor_id, case_id=case.id)
    return answered


def _answers_open_question(mail: IncomingMail, case, actor_id: int | None) -> bool:
    pause = open_pause(case)
    # INTERNALDATE has whole seconds: a reply in the second we asked is still after the question.
    if pause is None or mail.received_at < pause.requested_at.replace(microsecond=0):
        return False  # no question open, or the mail crossed our question
    if actor_id is not None:
        return True  # a staff member read it and put it on the case
    return bool(mail.from_address) and mail.from_address.lower() == case.requester_email.lower()


# ---------------------------------------------------------------- staff settle a mail


def register_case(mail: IncomingMail, request: cases.NewRequest, actor_id: int, backdate_reason: str):
    """Open a case from the mail through the registration every channel uses; the receipt time is
    the one on the request (prefilled with the mail's INTERNALDATE, rules 3.2)."""
    _require_waiting(mail)
    case = submit_request(request, actor_id=actor_id)
    if backdate_reason:
        case.backdate_reason = backdate_reason
        cases.record_event(case, "backdated", actor_id, received_at=request.received_at.isoformat())
    cases.add_incoming_message(case, mail.body_text, mail.received_at)
    cases.record_event(case, "mail_registered", actor_id, mail=mail.id)
    _settle(mail, "registered", actor_id, case_id=case.id)
    return case


def dismiss(mail: IncomingMail, actor_id: int, reason: str) -> None:
    """Not a request (spam, a question, a newsletter): set aside with the reason, on the trail."""
    _require_waiting(mail)
    mail.dismiss_reason = reason
    _settle(mail, "not_request", actor_id)


def _require_waiting(mail: IncomingMail) -> None:
    if mail.status != "waiting":
        raise MailSettled(mail.status)


def _settle(mail: IncomingMail, status: str, actor_id: int | None, case_id: int | None = None) -> None:
    mail.status = status
    mail.case_id = case_id
    mail.settled_by_id = actor_id
    mail.settled_at = utcnow()
    audit.record(f"mailbox.{status}", actor_id, case_id, mail=mail.id)


# ---------------------------------------------------------------- the queue


@dataclass
class QueueStatus:
    waiting: int
    oldest_received_at: datetime | None
    oldest_working_days: int | None
    last_fetch_at: datetime | None
    last_error: str | None


def queue_status() -> QueueStatus:
    """How many mails wait and how long the oldest has waited, in working days: the clock of each
    one has been running since it arrived (EDPB §159)."""
    waiting = select(IncomingMail).where(IncomingMail.status == "waiting")
    count = db.session.scalar(select(func.count()).select_from(waiting.subquery()))
    oldest = db.session.scalar(
        select(func.min(IncomingMail.received_at)).where(IncomingMail.status == "waiting")
    )
    cursor = db.session.scalar(
        select(MailboxCursor).where(MailboxCursor.folder == current_app.config["MAILBOX_FOLDER"])
    )
    age = None
    if oldest is not None:
        cal = calendar_for(current_app.config["HOLIDAY_COUNTRY"])
        age = working_days_between(brussels_today(oldest), brussels_today(), cal)
    return QueueStatus(
        count, oldest, age, cursor.last_fetch_at if cursor else None, cursor.last_error if cursor else None
    )


def waiting_mail(limit: int = 200) -> list[IncomingMail]:
    return db.session.scalars(
        select(IncomingMail)
        .where(IncomingMail.status == "waiting")
        .order_by(IncomingMail.received_at)
        .limit(limit)
    ).all()


def mails_of_case(case_id: int) -> list[IncomingMail]:
    return db.session.scalars(
        select(IncomingMail).where(IncomingMail.case_id == case_id).order_by(IncomingMail.received_at)
    ).all()


def suggested_case(mail: IncomingMail):
    """The case the mail's thread or subject names, for staff to consider."""
    return case_named_by(mail)
