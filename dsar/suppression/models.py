"""One line of the suppression list. No foreign key to the case: the line outlives the case record
(rules 6.2: as long as the organisation does direct marketing to that contact)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow


class SuppressionEntry(db.Model):
    __tablename__ = "suppression_entry"
    __table_args__ = (
        UniqueConstraint("identifier_sha256", "scope", name="uq_suppression_entry_identifier_scope"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier_kind: Mapped[str] = mapped_column(String(8))  # email, phone
    identifier_sha256: Mapped[str] = mapped_column(String(64), index=True)
    scope: Mapped[str] = mapped_column(String(24))  # workflows.suppression: direct_marketing, ...
    case_reference: Mapped[str] = mapped_column(String(16))  # the tombstone keeps the same reference
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
