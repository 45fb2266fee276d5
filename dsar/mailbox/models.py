"""Tables of the mailbox: where the reading stopped, and every mail read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.storage.records import StoredFileColumns

STATUSES = ("waiting", "registered", "joined", "not_request")


class MailboxCursor(db.Model):
    """How far a mailbox folder has been read. UIDs only mean something within one UIDVALIDITY
    (RFC 3501 §2.3.1.1): when the server changes it, reading starts again from the first UID and
    the digest of each raw message keeps what was already stored from being stored twice. The lease
    makes one fetch run at a time across processes; a crashed fetch's lease simply expires."""

    __tablename__ = "mailbox_cursor"

    id: Mapped[int] = mapped_column(primary_key=True)
    folder: Mapped[str] = mapped_column(String(200), unique=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))


class IncomingMail(db.Model):
    """One message read from the mailbox. ``received_at`` is the server's INTERNALDATE: the moment
    the mail reached our official channel, which becomes the receipt time of its case (rules 3.2)."""

    __tablename__ = "incoming_mail"
    __table_args__ = (
        UniqueConstraint("uidvalidity", "uid", name="uq_incoming_mail_uidvalidity_uid"),
        CheckConstraint("status IN ('waiting', 'registered', 'joined', 'not_request')", name="status"),
        # A mail that left the queue says where it went, or why it is not a request.
        CheckConstraint(
            "(status = 'waiting') OR (status = 'not_request' AND dismiss_reason IS NOT NULL) "
            "OR (status IN ('registered', 'joined') AND case_id IS NOT NULL)",
            name="settled",
        ),
        Index("ix_incoming_mail_queue", "status", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    size: Mapped[int] = mapped_column()
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True)
    # The whole message, encrypted (store.py); None when it was too large or infected and stayed
    # on the server only.
    raw_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    key_id: Mapped[str | None] = mapped_column(String(16))
    scan_status: Mapped[str] = mapped_column(String(12))
    scan_signature: Mapped[str | None] = mapped_column(String(200))

    from_address: Mapped[str] = mapped_column(String(254))
    from_name: Mapped[str] = mapped_column(String(200))
    reply_to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(500))
    message_id: Mapped[str] = mapped_column(String(255), index=True)
    thread_ids: Mapped[list] = mapped_column(JSON, default=list)  # In-Reply-To, then References
    body_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5))
    suggested_rights: Mapped[dict] = mapped_column(JSON, default=dict)
    identifiers: Mapped[dict] = mapped_column(JSON, default=dict)
    problems: Mapped[list] = mapped_column(JSON, default=list)

    status: Mapped[str] = mapped_column(String(16), default="waiting")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismiss_reason: Mapped[str | None] = mapped_column(Text)

    parts: Mapped[list[MailPart]] = relationship(order_by="MailPart.id", cascade="all, delete-orphan")


class MailPart(StoredFileColumns, db.Model):
    """An attachment of an incoming mail, encrypted on disk like the raw message."""

    __tablename__ = "mail_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(ForeignKey("incoming_mail.id", ondelete="CASCADE"), index=True)
