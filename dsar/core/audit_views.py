"""The audit trail for the DPO, admins and auditors: browse with filters, check the chain, export.

Exports carry every field the MAC covers plus ``prev_mac`` and ``mac``: each entry can be re-checked
with the key on its own (mac = HMAC(key, prev_mac || canonical)), and an unfiltered range also
proves its continuity (scripts/verify_audit_export.py). Reading or exporting the trail is itself
on the trail (security.md Z-04)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Blueprint, Response, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import Select, select

from dsar.accounts.models import StaffUser
from dsar.cases.models import Case
from dsar.cases.register_export import safe_cell
from dsar.core import audit
from dsar.core.access import roles_required
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.core.time import BRUSSELS

bp = Blueprint("audit_trail", __name__, url_prefix="/staff/audit")

READERS = ("admin", "dpo", "auditor")
PAGE_SIZE = 50
EXPORT_BATCH = 1000
CSV_COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor",
    "ip",
    "action",
    "case_id",
    "case",
    "detail",
    "prev_mac",
    "mac",
]


@dataclass
class AuditFilter:
    reference: str = ""
    actor_id: int | None = None
    action: str = ""
    since: date | None = None
    until: date | None = None
    unknown_case: bool = False  # a reference that matches no case: show nothing, not everything

    @classmethod
    def from_args(cls, args) -> AuditFilter:
        return cls(
            reference=(args.get("case") or "").strip().upper()[:16],
            actor_id=args.get("actor", type=int),
            action=(args.get("action") or "").strip()[:64],
            since=_day(args.get("since")),
            until=_day(args.get("until")),
        )

    def as_args(self) -> dict:
        found = {"case": self.reference, "actor": self.actor_id, "action": self.action}
        found.update(since=self.since and self.since.isoformat(), until=self.until and self.until.isoformat())
        return {key: value for key, value in found.items() if value}

    def apply(self, query: Select) -> Select:
        if self.reference:
            case_id = _case_id_for(self.reference)
            query = query.where(AuditEntry.case_id == case_id) if case_id else query.where(False)
        if self.actor_id:
            query = query.where(AuditEntry.actor_id == self.actor_id)
        if self.action:
            # A prefix such as "case." or "staff." selects a family of actions.
            query = query.where(AuditEntry.action.startswith(self.action, autoescape=True))
        if self.since:
            query = query.where(AuditEntry.at >= _brussels_midnight(self.since))
        if self.until:
            query = query.where(AuditEntry.at < _brussels_midnight(self.until + timedelta(days=1)))
        return query


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None  # a hostile or mistyped date is ignored, never a 500


def _brussels_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, BRUSSELS)


def _case_id_for(reference: str) -> int | None:
    from dsar.retention.models import CaseTombstone  # purged cases keep their reference there

    found = db.session.scalar(select(Case.id).where(Case.reference == reference))
    purged = select(CaseTombstone.case_id).where(CaseTombstone.reference == reference)
    return found or db.session.scalar(purged)


def _references(case_ids: set[int]) -> dict[int, str]:
    # Purged cases keep their reference on retention's tombstone; imported here as the model above is.
    from dsar.retention.service import tombstone_for_case_ids

    if not case_ids:
        return {}
    found = dict(db.session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids))).all())
    return {**tombstone_for_case_ids(case_ids - found.keys()), **found}


def _staff_names() -> dict[int, str]:
    return dict(db.session.execute(select(StaffUser.id, StaffUser.email)).all())


@bp.route("/")
@roles_required(*READERS)
def trail():
    filters = AuditFilter.from_args(request.args)
    before = request.args.get("before", type=int)
    query = filters.apply(select(AuditEntry))
    if before:
        query = query.where(AuditEntry.id < before)  # keyset paging: as fast on page 1,000 as on page 1
    entries = db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE + 1)).all()
    more = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    audit.record("audit.viewed", current_user.id, filters=filters.as_args())
    db.session.commit()
    return render_template(
        "proof/audit.html",
        entries=entries,
        filters=filters,
        filter_args=filters.as_args(),
        older=entries[-1].id if more else None,
        references=_references({e.case_id for e in entries if e.case_id}),
        staff=_staff_names(),
        staff_list=db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all(),
        verdict=None,
    )


@bp.route("/verify", methods=["POST"])
@roles_required(*READERS)
def verify_chain():
    """Walks the whole chain (seconds on a large trail), so only on request (POST: CSRF-checked)."""
    verdict = audit.verify()
    audit.record("audit.verified", current_user.id, ok=verdict.ok, checked=verdict.checked)
    db.session.commit()
    return render_template("proof/verdict.html", verdict=verdict)


def _batches(filters: AuditFilter) -> Iterator[list[AuditEntry]]:
    """Oldest first, in batches, so a large export never sits in memory at once."""
    last_id = 0
    while True:
        batch = db.session.scalars(
            filters.apply(select(AuditEntry))
            .where(AuditEntry.id > last_id)
            .order_by(AuditEntry.id)
            .limit(EXPORT_BATCH)
        ).all()
        if batch:
            yield batch
        if len(batch) < EXPORT_BATCH:
            return
        last_id = batch[-1].id


def entry_record(entry: AuditEntry, references: dict[int, str], staff: dict[int, str]) -> dict:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),  # exactly as the MAC covers it
        "actor_id": entry.actor_id,
        "actor": staff.get(entry.actor_id),
        "ip": entry.ip,
        "action": entry.action,
        "case_id": entry.case_id,
        "case": references.get(entry.case_id),
        "detail": entry.detail,
        "prev_mac": entry.prev_mac,
        "mac": entry.mac,
    }


def _lines(filters: AuditFilter, fmt: str) -> Iterator[str]:
    staff = _staff_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if fmt == "csv":
        writer.writerow(CSV_COLUMNS)
    for batch in _batches(filters):
        references = _references({entry.case_id for entry in batch if entry.case_id})
        for entry in batch:
            row = entry_record(entry, references, staff)
            if fmt == "jsonl":
                buffer.write(json.dumps(row, sort_keys=True, separators=(",", ":")) + "\n")
            else:
                row["detail"] = json.dumps(row["detail"], sort_keys=True, separators=(",", ":"))
                writer.writerow([safe_cell(row[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the CSV header of an empty export


@bp.route("/export.<fmt>")
@roles_required(*READERS)
def export(fmt: str):
    if fmt not in ("csv", "jsonl"):
        return render_template("core/error.html", status=404, kind="not_found"), 404
    filters = AuditFilter.from_args(request.args)
    audit.record("audit.exported", current_user.id, format=fmt, filters=filters.as_args())
    db.session.commit()  # the export is on the trail before a byte leaves
    kind = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    return Response(
        stream_with_context(_lines(filters, fmt)),
        headers={
            "Content-Type": kind,
            "Content-Disposition": f"attachment; filename=audit-trail.{fmt}",
            "Cache-Control": "no-store",
        },
    )


def export_url(fmt: str, filters: AuditFilter) -> str:
    return url_for("audit_trail.export", fmt=fmt, **filters.as_args())
