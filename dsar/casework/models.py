"""Tables of the case file's internal side: notes, attachments, time spent, the Art. 19 and
per-system checklists and Art. 12(5) approvals. None of it is ever shown to the requester."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.storage.records import StoredFileColumns


class CaseNote(db.Model):
    """An internal note. Append-only: there is no route or operation that edits or deletes one
    (rules 6.3: the case record is append-only and actor-attributed)."""

    __tablename__ = "case_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(Text)


class CaseAttachment(StoredFileColumns, db.Model):
    """An internal file on a case (or the evidence for one system of the erasure checklist),
    AES-GCM encrypted on disk under a random name (security.md U-09, S-01, S-02)."""

    __tablename__ = "case_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The malware scan (security.md U-12): clean, unscanned (no scanner configured), held (scanner
    # down: never served until a later scan passes) or infected (found later; the blob is gone).
    scan_status: Mapped[str] = mapped_column(String(12), default="unscanned", server_default="unscanned")


class TimeEntry(db.Model):
    """Minutes a staff member spent on a case. DPA art. 9.6 bills the processor's assistance with
    data subjects' requests by the hour, so every minute is attributed and dated."""

    __tablename__ = "time_entry"
    __table_args__ = (CheckConstraint("minutes BETWEEN 1 AND 1440", name="minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    worked_on: Mapped[date] = mapped_column(Date, index=True)
    minutes: Mapped[int] = mapped_column()
    activity: Mapped[str] = mapped_column(String(200))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecipientNotice(db.Model):
    """Art. 19: one recipient of a rectified, erased or restricted right, notified (when, how) or
    not (why: impossible or disproportionate); or the statement that there were no recipients."""

    __tablename__ = "recipient_notice"
    __table_args__ = (
        CheckConstraint("kind IN ('notified', 'not_notified', 'no_recipients')", name="kind"),
        CheckConstraint(
            "(kind = 'notified' AND notified_on IS NOT NULL AND channel IS NOT NULL) OR "
            "(kind != 'notified' AND reason IS NOT NULL)",
            name="complete",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_request_id: Mapped[int] = mapped_column(ForeignKey("sub_request.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str | None] = mapped_column(String(200))
    notified_on: Mapped[date | None] = mapped_column(Date)
    channel: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DataSystem(db.Model):
    """A system that may hold personal data, configured once by an admin: the per-system
    checklist of every erasure and rectification (rules 2.2, 2.3, 6.3 item 8)."""

    __tablename__ = "data_system"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    owner: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SystemCheck(db.Model):
    """One system ticked for one sub-request: done or not applicable, with a note and optional
    evidence (a deletion record, a change id). A new tick supersedes the previous one; rows are
    never changed, so the history stays."""

    __tablename__ = "system_check"
    __table_args__ = (CheckConstraint("status IN ('done', 'not_applicable')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_request_id: Mapped[int] = mapped_column(ForeignKey("sub_request.id", ondelete="CASCADE"), index=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("data_system.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("case_attachment.id"))
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Art125Approval(db.Model):
    """Art. 12(5): a proposal to refuse a manifestly unfounded or excessive request, or to charge
    a fee, with its written justification; a DPO other than the proposer approves or rejects it
    (rules C2, C3: the controller carries the burden of proof)."""

    __tablename__ = "art12_5_approval"
    __table_args__ = (
        CheckConstraint("kind IN ('refusal', 'fee')", name="kind"),
        CheckConstraint("status IN ('proposed', 'approved', 'rejected')", name="status"),
        CheckConstraint("kind = 'refusal' OR fee_cents > 0", name="fee_amount"),
        CheckConstraint("decided_by_id IS NULL OR decided_by_id != proposed_by_id", name="four_eyes"),
        CheckConstraint("(status = 'proposed') = (decided_by_id IS NULL)", name="decided"),
        # Only an approved fee is announced and then paid, withdrawn or waived (rules C2).
        CheckConstraint(
            "fee_status IS NULL OR (kind = 'fee' AND status = 'approved' "
            "AND fee_status IN ('notified', 'paid', 'withdrawn', 'waived'))",
            name="fee_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sub_request_id: Mapped[int] = mapped_column(ForeignKey("sub_request.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    justification: Mapped[str] = mapped_column(Text)
    fee_cents: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    # workflows.fees.FeeStatus: the notice sent (before anything is charged), then how it ended.
    fee_status: Mapped[str | None] = mapped_column(String(10))
    fee_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fee_settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fee_settled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
