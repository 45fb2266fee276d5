"""Mail outbox: a row written in the same transaction as the change that caused it, delivered by a job.

Delivery claims the row atomically, so two workers never send the same message, and every message has
a stable Message-ID, so a resend after a crash between "SMTP accepted" and "marked sent" is
recognisable as the same mail. Retries are kept in the database (attempts, next attempt), not only in
Redis, so an outage of Redis or SMTP loses nothing and staff can see what is pending or failed.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from enum import StrEnum

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.jobs import dispatch, job
from dsar.core.links import hide_links, renew_links
from dsar.core.mail_overrides import mail_values, try_override, with_remedies
from dsar.core.templating import local_datetime

log = logging.getLogger(__name__)

BACKOFF_SECONDS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600]


class MailStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    KEPT_LOCAL = "kept_local"  # no SMTP configured: staff read it in the portal's outbox
    DEAD = "dead"  # permanently refused or out of attempts; visible to staff


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def staff_text(message: OutboxMessage) -> str:
    """The mail's text as staff read it: each link replaced by what it is for and until when."""
    return without_links(message.body_text)


def without_links(text: str) -> str:
    return hide_links(text, _describe_link)


def _describe_link(link) -> str:
    if link.expires_at is None:
        return "[" + _("link sent: %(purpose)s", purpose=link.label) + "]"
    until = local_datetime(link.expires_at)
    return "[" + _("link sent: %(purpose)s, valid until %(until)s", purpose=link.label, until=until) + "]"


def _one_line(text: str) -> str:
    """Header values never carry line breaks (header injection, security.md H)."""
    return " ".join(text.split())


def render_mail(
    template: str, language: str, *, use_override: bool = True, **context
) -> tuple[str, str, str]:
    """Render ``emails/<template>.txt`` and ``.html`` in ``language``; the text template sets the
    subject with ``{% set subject %}``. An admin's override is used when it renders, else the built-in
    text. Raises on an error in a built-in template, so nothing broken is queued. Both render from the
    same plain values (``mail_values``), so an override sees exactly what the built-in text sees."""
    values = mail_values(context)
    with force_locale(language):
        values = with_remedies(values)  # in the mail's language
        override = try_override(template, language, values) if use_override else None
        if override:
            return override
        env = current_app.jinja_env
        text_module = env.get_template(f"emails/{template}.txt").make_module(values)
        body_html = render_template(f"emails/{template}.html", **values)
    return _one_line(str(text_module.subject)), str(text_module).strip() + "\n", body_html


def queue_mail(to: str, template: str, language: str, case_id: int | None = None, **context):
    """Add a message to the outbox in the caller's transaction; delivery starts after commit."""
    subject, body_text, body_html = render_mail(template, language, **context)
    reference = getattr(context.get("case"), "reference", None)
    if reference and reference not in subject:
        # Replies are matched to their case by the reference in the subject (dsar/mailbox).
        subject = _one_line(f"{subject} [{reference}]")
    message = OutboxMessage(
        case_id=case_id,
        template=template,
        language=language,
        to_address=_one_line(to),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        message_id=_new_message_id(),
        dispatched_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    dispatch("dsar.core.mail.deliver_mail", message.id)
    return message


def _new_message_id() -> str:
    return make_msgid(domain=current_app.config["MAIL_FROM"].rpartition("@")[2] or "localhost")


def _claim(message_id: int) -> bool:
    """Atomically move a due message from pending to sending; False if someone else has it."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == MailStatus.PENDING,
            OutboxMessage.next_attempt_at <= utcnow(),
        )
        .values(
            status=MailStatus.SENDING,
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=utcnow(),
        )
    )
    db.session.commit()
    return result.rowcount == 1


@job
def deliver_mail(message_id: int) -> None:
    if not _claim(message_id):
        return
    message = db.session.get(OutboxMessage, message_id)
    try:
        sent_status = send(message)
    except smtplib.SMTPResponseException as exc:
        error = f"{exc.smtp_code} {exc.smtp_error!r}"
        _record_failure(message, error, str(exc.smtp_code), permanent=exc.smtp_code >= 500)
    except (smtplib.SMTPException, OSError) as exc:
        _record_failure(message, repr(exc), type(exc).__name__, permanent=False)
    else:
        message.status = sent_status
        message.sent_at = utcnow()
        message.last_error = None
    db.session.commit()


def _record_failure(message: OutboxMessage, error: str, kind: str, permanent: bool) -> None:
    """SMTP failures are retried from the database on a backoff (kept visible to staff), not by
    re-raising: the retry state must survive a Redis outage. The log gets only the kind of failure:
    a server's reply often quotes the recipient's address."""
    message.last_error = error[:500]
    out_of_attempts = message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
    if permanent or out_of_attempts:
        message.status = MailStatus.DEAD
        log.error("mail %s is dead (%s); the reply is on the outbox page", message.id, kind)
        return
    delay = BACKOFF_SECONDS[min(message.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    message.status = MailStatus.PENDING
    message.next_attempt_at = utcnow() + timedelta(seconds=delay)
    message.dispatched_at = None


def build_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    if current_app.config.get("MAILBOX_ADDRESS"):
        # Answers come back to the mailbox the portal reads, and join their case there.
        email["Reply-To"] = current_app.config["MAILBOX_ADDRESS"]
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    email.add_alternative(message.body_html, subtype="html")
    return email


def send(message: OutboxMessage) -> str:
    """Hand the message to SMTP when configured; otherwise keep it in the local outbox."""
    config = current_app.config
    if not config["SMTP_HOST"]:
        return MailStatus.KEPT_LOCAL
    email = build_email(message)
    smtp_class = smtplib.SMTP_SSL if config["SMTP_SSL"] else smtplib.SMTP
    with smtp_class(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls(context=ssl.create_default_context())
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(email)
    return MailStatus.SENT


# Mails handed over per relay tick; a larger backlog is handed over on the following ticks.
RELAY_BATCH = 1000


def relay_outbox() -> int:
    """Periodic: hand mail that is due and not in flight to one delivery job, and free claims a
    crashed worker left behind. One job per tick, not one per mail: after a burst the first
    deliveries are still queued when the relay runs, and handing each of them over again doubled
    the queue. Idempotent; returns how many messages were handed over."""
    now = utcnow()
    # A claim this old belongs to a worker that died mid-delivery: give the message back.
    claim_lost = timedelta(seconds=current_app.config["CLAIM_STALE_SECONDS"])
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.SENDING, OutboxMessage.next_attempt_at < now - claim_lost)
        .values(status=MailStatus.PENDING, dispatched_at=None)
        .execution_options(synchronize_session=False)
    )
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status == MailStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            (OutboxMessage.dispatched_at.is_(None)) | (OutboxMessage.dispatched_at < now - _stale()),
        )
        .order_by(OutboxMessage.id)
        .limit(RELAY_BATCH)
    ).all()
    if due:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(due))
            .values(dispatched_at=now)
            .execution_options(synchronize_session=False)
        )
        dispatch("dsar.core.mail.deliver_mails", *due)
    db.session.commit()
    return len(due)


@job
def deliver_mails(*message_ids: int) -> None:
    """Deliver several messages in one job; each is claimed on its own, so a message another
    worker has already sent or is sending is skipped."""
    for message_id in message_ids:
        deliver_mail(message_id)


def _stale() -> timedelta:
    return timedelta(seconds=current_app.config["DISPATCH_STALE_SECONDS"])


def resend(message_id: int) -> None:
    """Staff action: put a dead or sent message back in the queue. Its links are signed anew (the
    old ones may have expired, and staff never saw them to pass on), so it is a new mail with a new
    Message-ID."""
    message = db.session.get(OutboxMessage, message_id)
    message.body_text = renew_links(message.body_text)
    message.body_html = renew_links(message.body_html)
    message.message_id = _new_message_id()
    message.status = MailStatus.PENDING
    message.next_attempt_at = utcnow()
    message.dispatched_at = utcnow()
    dispatch("dsar.core.mail.deliver_mail", message.id)
