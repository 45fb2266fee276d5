"""Tables of the data side of an answer: where personal data live (data sources and the datasets
their queries produce), why they are processed (the Art. 30 record), and each case's collection
with the bundle it produced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow

SOURCE_KINDS = ("sql", "csv", "json")
IDENTIFIERS = ("email", "customer_number", "phone")
# Rules 7.1: provided and observed data are in the portability scope, inferred data are not.
ORIGINS = ("provided", "observed", "inferred")
LEGAL_BASES = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interests",
)


class DataSource(db.Model):
    """A system holding personal data. SQL sources keep their URL encrypted (it may hold a
    password); file sources name a CSV or JSON file on the server."""

    __tablename__ = "data_source"
    __table_args__ = (CheckConstraint("kind IN ('sql', 'csv', 'json')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    location_sealed: Mapped[bytes] = mapped_column(LargeBinary)  # URL or path, AES-GCM sealed
    location_hint: Mapped[str] = mapped_column(String(200))  # shown instead: no password
    timeout_seconds: Mapped[int] = mapped_column(default=30)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    queries: Mapped[list[SourceQuery]] = relationship(
        back_populates="source", order_by="SourceQuery.id", cascade="all, delete-orphan"
    )


class SourceQuery(db.Model):
    """One dataset of a source, looked up by one identifier: a read-only SELECT with a named bind
    parameter (``:email``), or for a file source the column that holds the identifier."""

    __tablename__ = "source_query"
    __table_args__ = (
        CheckConstraint("identifier IN ('email', 'customer_number', 'phone')", name="identifier"),
        CheckConstraint("origin IN ('provided', 'observed', 'inferred')", name="origin"),
        UniqueConstraint("dataset", name="uq_source_query_dataset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id", ondelete="CASCADE"), index=True)
    dataset: Mapped[str] = mapped_column(String(64))
    identifier: Mapped[str] = mapped_column(String(16))
    statement: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(10), default="provided")
    row_cap: Mapped[int] = mapped_column(default=100000)
    description: Mapped[str] = mapped_column(Text, default="")
    field_notes: Mapped[str] = mapped_column(Text, default="")  # "field: meaning" per line, for the README

    source: Mapped[DataSource] = relationship(back_populates="queries")


class ProcessingActivity(db.Model):
    """An entry of the record of processing activities (Art. 30(1)); it feeds the Art. 15(1)(a)-(h)
    information and decides the portability scope (Art. 20(1), rules 7.1)."""

    __tablename__ = "processing_activity"
    __table_args__ = (
        CheckConstraint(
            "legal_basis IN ('consent', 'contract', 'legal_obligation', 'vital_interests', "
            "'public_task', 'legitimate_interests')",
            name="legal_basis",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(200))
    data_categories: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[str] = mapped_column(String(24))
    recipients: Mapped[str] = mapped_column(Text, default="")  # by name (CJEU C-154/21)
    retention: Mapped[str] = mapped_column(Text)
    data_source: Mapped[str] = mapped_column(Text, default="")  # empty: collected from the subject
    transfers: Mapped[str] = mapped_column(Text, default="")  # third countries and safeguards (15(2))
    automated_decisions: Mapped[str] = mapped_column(Text, default="")  # Art. 15(1)(h)
    automated_means: Mapped[bool] = mapped_column(default=True)
    datasets: Mapped[list] = mapped_column(JSON, default=list)
    # The texts above in other languages, {"nl": {"purpose": ...}, "fr": {...}}: the access letter
    # gives the Art. 15(1) information in the requester's language (Art. 12(1)).
    translations: Mapped[dict | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Collection(db.Model):
    """One run of collecting a case's data from every source, and the bundle it produced. The
    manifest and hash stay after the bundle itself is deleted (rules 6.2: proof of what was sent)."""

    __tablename__ = "collection"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'partial', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    scope: Mapped[str] = mapped_column(String(12))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # source id (as text) -> {"name", "status": running|done|failed, "rows", "reason"}
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    case_file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    sha256: Mapped[str | None] = mapped_column(String(64))
    manifest: Mapped[dict | None] = mapped_column(JSON)


class ManualDataset(db.Model):
    """A CSV or JSON file staff add to a case by hand (data from a system without a connector, such as
    a printout typed up or an export someone sent). It goes into the bundle as a dataset of its own."""

    __tablename__ = "manual_dataset"
    __table_args__ = (
        CheckConstraint("origin IN ('provided', 'observed', 'inferred')", name="origin"),
        CheckConstraint("kind IN ('csv', 'json')", name="kind"),
        UniqueConstraint("case_id", "dataset", name="uq_manual_dataset_case_dataset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    dataset: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(4))
    origin: Mapped[str] = mapped_column(String(10))
    # Staff confirm the portability conditions (consent or contract, automated means) for a file.
    portable: Mapped[bool] = mapped_column(default=False)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # The key the stored file is encrypted under; None: kept in clear before the file store.
    key_id: Mapped[str | None] = mapped_column(String(16))
    # The malware scan (security.md U-12); a held file stays out of bundles until a scan passes.
    scan_status: Mapped[str] = mapped_column(String(12), default="unscanned", server_default="unscanned")
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChangeStatement(db.Model):
    """A configured erasure (DELETE) or rectification (UPDATE) against an SQL source."""

    __tablename__ = "change_statement"
    __table_args__ = (
        CheckConstraint("\"right\" IN ('erasure', 'rectification')", name="right"),
        CheckConstraint("identifier IN ('email', 'customer_number', 'phone')", name="identifier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("data_source.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    right: Mapped[str] = mapped_column(String(16))
    identifier: Mapped[str] = mapped_column(String(16))
    statement: Mapped[str] = mapped_column(Text)

    source: Mapped[DataSource] = relationship()


class ChangeRun(db.Model):
    """A dry run and, once approved, its execution: the evidence kept on the case (rules 6.3 item 8).
    Counts, people, times and the statement's hash; never the erased content."""

    __tablename__ = "change_run"
    __table_args__ = (CheckConstraint("status IN ('dry_run', 'executed', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("change_statement.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    statement_sha256: Mapped[str] = mapped_column(String(64))
    new_value: Mapped[str | None] = mapped_column(Text)  # rules 2.2: the corrected value is recorded
    dry_run_rows: Mapped[int] = mapped_column()
    dry_run_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    dry_run_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    executed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    affected_rows: Mapped[int | None] = mapped_column()
    failure: Mapped[str | None] = mapped_column(Text)

    statement: Mapped[ChangeStatement] = relationship()
