"""Tables of identity verification: the ladder per right, ID-copy requests, ID-copy files and the
check result a case keeps (rules.md 5.2-5.4)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow


class CopyStatus(StrEnum):
    QUEUED = "queued"  # received and encrypted, waiting for inspection
    INSPECTING = "inspecting"
    PROPOSED = "proposed"  # an auto-redacted version, waiting for the person to accept or redo
    STORED = "stored"  # passed inspection, waiting for staff
    REJECTED = "rejected"  # inspection could not finish; nothing kept
    DELETED = "deleted"  # gone: decision, findings, redo, retention; the row keeps only facts


BLOBLESS = (CopyStatus.REJECTED, CopyStatus.DELETED)


class VerificationPolicy(db.Model):
    """The admin's choice per right (rules 5.2); rights without a row use the rules' defaults."""

    __tablename__ = "verification_policy"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 3", name="level"),)

    right: Mapped[str] = mapped_column(String(32), primary_key=True)
    level: Mapped[int] = mapped_column(default=2)
    id_copy: Mapped[bool] = mapped_column(default=False)  # level 4 for every request of this right
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IdCopyRequest(db.Model):
    """We asked the person for a redacted ID copy: because of the policy, or because staff
    recorded a reasonable doubt (Art. 12(6), rules 5.2: the reason is mandatory then)."""

    __tablename__ = "id_copy_request"
    __table_args__ = (
        CheckConstraint("origin IN ('policy', 'staff')", name="origin"),
        CheckConstraint("origin = 'policy' OR reason IS NOT NULL", name="staff_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # opaque, inside signed links
    origin: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    copies: Mapped[list[IdCopy]] = relationship(back_populates="request", order_by="IdCopy.id")


class IdCopy(db.Model):
    """One ID-copy file: an upload, or an auto-redacted proposal made from one. The encrypted
    bytes live in storage under ``storage_key``; after deletion the row keeps only facts (when,
    why, which checks were positive), never the picture or anything read from it."""

    __tablename__ = "id_copy"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'inspecting', 'proposed', 'stored', 'rejected', 'deleted')", name="status"
        ),
        CheckConstraint("source IN ('upload', 'auto_redacted')", name="source"),
        # A blob exists exactly while the copy is alive (security.md S-05/S-06).
        CheckConstraint(
            "(storage_key IS NULL AND status IN ('rejected', 'deleted'))"
            " OR (storage_key IS NOT NULL AND status NOT IN ('rejected', 'deleted'))",
            name="blob_while_alive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("id_copy_request.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("id_copy.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(16), default="upload")
    status: Mapped[str] = mapped_column(String(16), default=CopyStatus.QUEUED, index=True)
    stage: Mapped[str | None] = mapped_column(String(16))
    storage_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    key_id: Mapped[str | None] = mapped_column(String(16))
    size: Mapped[int | None] = mapped_column()
    findings: Mapped[dict] = mapped_column(JSON, default=dict)  # yes/no per check, nothing read
    failure: Mapped[str | None] = mapped_column(String(32))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delete_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # rules 5.4: hard TTL
    inspected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_reason: Mapped[str | None] = mapped_column(String(16))

    request: Mapped[IdCopyRequest] = relationship(back_populates="copies")


class IdCheck(db.Model):
    """What the case keeps of a verification (rules 5.4, EDPB §79 "ID card was checked"):
    the outcome, the document type, by whom, when, and when the copy was deleted."""

    __tablename__ = "id_check"
    __table_args__ = (CheckConstraint("passed OR reason IS NOT NULL", name="failure_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    passed: Mapped[bool] = mapped_column()
    document_type: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    copy_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
