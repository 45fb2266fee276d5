"""What retention keeps: legal holds on cases, and the tombstone a purged case leaves (rules 6.2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow


class LegalHold(db.Model):
    """A complaint at the GBA/AP or litigation suspends the purge until the matter is resolved plus
    six months (rules 6.2, Art. 17(3)(e)). Lifting keeps the row: the six months run from then."""

    __tablename__ = "legal_hold"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text)


class CaseTombstone(db.Model):
    """The facts of a purged case: enough for the statistics and to prove the procedure (Art. 5(2)),
    nothing about the person. ``case_id`` keeps the audit trail's entries attributable to it."""

    __tablename__ = "case_tombstone"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(unique=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    client_controller_id: Mapped[int | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    receipt_date: Mapped[date] = mapped_column(Date, index=True)
    one_month_due: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # SHA-256 of the canonical JSON of everything deleted: proves what existed without keeping it.
    content_sha256: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)  # rows and files deleted, per kind

    rights: Mapped[list[TombstoneRight]] = relationship(
        order_by="TombstoneRight.id", cascade="all, delete-orphan"
    )


class TombstoneRight(db.Model):
    """One right of a purged case and the outcome code decided for it."""

    __tablename__ = "tombstone_right"

    id: Mapped[int] = mapped_column(primary_key=True)
    tombstone_id: Mapped[int] = mapped_column(ForeignKey("case_tombstone.id", ondelete="CASCADE"), index=True)
    right: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(32))
