"""Retention of case records (rules 6.2): a closed case is purged RETENTION_YEARS after its closure,
unless a legal hold keeps it (until the hold is lifted plus six months).

The purge deletes the case row; the database cascades to everything hanging off it (sub-requests
with their details, messages, events, pauses, notices, files, identity records, forwards, mails),
so a table added later is covered without changing this module. The files' bytes go after the
commit. What stays is a tombstone (reference, rights, dates, outcome codes, purge time and a
SHA-256 of what was deleted) and the audit trail, whose entries hold no personal data of the
requester (see dsar.core.audit._ip_for), so the HMAC chain verifies as before."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, delete, select

from dsar.cases import files
from dsar.cases.files import CaseFile
from dsar.cases.models import Case
from dsar.core import audit, storage
from dsar.core.db import db, utcnow
from dsar.core.time import brussels_today
from dsar.identity import retention as id_copies
from dsar.retention.models import CaseTombstone, LegalHold, TombstoneRight
from workflows.deadlines import add_months

HOLD_GRACE_MONTHS = 6  # rules 6.2: a legal hold lasts until final resolution + 6 months
MAX_REASON = 2000
NOT_CONTENT = {"audit_entry", "case_tombstone"}  # tables with a case_id that are not case content


class HoldError(ValueError):
    """The hold cannot be set or lifted; ``code`` picks the message shown."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def active_hold(case_id: int) -> LegalHold | None:
    return db.session.scalar(
        select(LegalHold).where(LegalHold.case_id == case_id, LegalHold.lifted_at.is_(None))
    )


def set_hold(case: Case, reason: str, actor_id: int) -> LegalHold:
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise HoldError("reason")
    if active_hold(case.id):
        raise HoldError("already")
    hold = LegalHold(case_id=case.id, reason=reason, set_at=utcnow(), set_by_id=actor_id)
    db.session.add(hold)
    db.session.flush()
    # The reason stays on the hold row (it goes with the case); the trail gets the fact only.
    audit.record("case.legal_hold_set", actor_id, case.id, hold=hold.id)
    return hold


def lift_hold(case: Case, reason: str, actor_id: int) -> LegalHold:
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise HoldError("reason")
    hold = active_hold(case.id)
    if hold is None:
        raise HoldError("none")
    hold.lifted_at, hold.lifted_by_id, hold.lift_reason = utcnow(), actor_id, reason
    audit.record("case.legal_hold_lifted", actor_id, case.id, hold=hold.id)
    return hold


def retention_end(case: Case) -> date | None:
    """The last day the record is kept: closure date (Brussels) + RETENTION_YEARS (rules 6.2)."""
    if case.closed_at is None:
        return None
    closed_on = brussels_today(case.closed_at)
    return add_months(closed_on, 12 * current_app.config["RETENTION_YEARS"])


def hold_end(case_id: int) -> date | None:
    """None when no hold ever kept the case; date.max while a hold is active."""
    holds = db.session.scalars(select(LegalHold).where(LegalHold.case_id == case_id)).all()
    if not holds:
        return None
    if any(h.lifted_at is None for h in holds):
        return date.max
    return max(add_months(brussels_today(h.lifted_at), HOLD_GRACE_MONTHS) for h in holds)


@dataclass
class Candidate:
    case: Case
    retention_end: date
    held_until: date | None

    @property
    def due(self) -> bool:
        return self.held_until is None or self.held_until < brussels_today()


def candidates(now: datetime | None = None) -> list[Candidate]:
    """Closed cases whose retention period is over, with their hold state (held ones included, so
    a dry run shows what a hold keeps)."""
    now = now or utcnow()
    today = brussels_today(now)
    years = current_app.config["RETENTION_YEARS"]
    # A superset in SQL (a year has at least 365 days), then the exact calendar rule in Python.
    rough = now - timedelta(days=365 * years)
    cases = db.session.scalars(
        select(Case).where(Case.closed_at.is_not(None), Case.closed_at < rough).order_by(Case.closed_at)
    ).all()
    found = []
    for case in cases:
        end = retention_end(case)
        if end < today:
            found.append(Candidate(case, end, hold_end(case.id)))
    return found


def _content_digest(case_id: int) -> tuple[str, dict]:
    """SHA-256 over every row that hangs off the case, table by table, and the row counts."""
    digest, counts = hashlib.sha256(), {}
    for table in db.metadata.sorted_tables:
        if "case_id" not in table.c or table.name in NOT_CONTENT:
            continue
        rows = db.session.execute(
            select(table).where(table.c.case_id == case_id).order_by(*table.primary_key.columns)
        ).all()
        if rows:
            counts[table.name] = len(rows)
        for row in rows:
            line = json.dumps([table.name, list(row)], default=str, sort_keys=True, separators=(",", ":"))
            digest.update(line.encode() + b"\n")
    case_row = db.session.execute(select(Case.__table__).where(Case.__table__.c.id == case_id)).one()
    digest.update(json.dumps(list(case_row), default=str).encode())
    return digest.hexdigest(), counts


def purge_case(case: Case, actor_id: int | None = None) -> CaseTombstone:
    """Delete the case and leave its tombstone; its files are removed once this commits."""
    content_sha256, counts = _content_digest(case.id)
    stone = CaseTombstone(
        case_id=case.id,
        reference=case.reference,
        role=case.role,
        client_controller_id=case.client_controller_id,
        channel=case.channel,
        received_at=case.received_at,
        receipt_date=case.receipt_date,
        one_month_due=case.one_month_due,
        due_date=case.due_date,
        extended_at=case.extended_at,
        answered_at=case.answered_at,
        closed_at=case.closed_at,
        purged_at=utcnow(),
        content_sha256=content_sha256,
        counts=counts,
        rights=[TombstoneRight(right=sub.right, outcome=sub.outcome) for sub in case.sub_requests],
    )
    # The files go once the purge commits (the file store's deletion after commit); the rows go
    # with the case.
    for name in db.session.scalars(
        select(CaseFile.stored_name).where(CaseFile.case_id == case.id, CaseFile.deleted_at.is_(None))
    ):
        storage.delete_after_commit(files.KIND, name)
    id_copies.delete_files_of_case(case.id)
    case_id = case.id
    db.session.add(stone)
    db.session.expunge(case)
    db.session.execute(delete(Case).where(Case.id == case_id))
    audit.record("case.purged", actor_id, case_id, tombstone=content_sha256)
    return stone


TICK_LIMIT = 100  # a periodic run stops after this many (about 5 s), so mail relay is not held up


def purge_expired(actor_id: int | None = None, limit: int | None = TICK_LIMIT) -> list[str]:
    """Purge due cases, one transaction per case; returns the references purged. Idempotent: a
    purged case is gone, so a second run finds only what is left (the periodic tick runs it)."""
    purged = []
    for candidate in candidates():
        if not candidate.due:
            continue
        if limit is not None and len(purged) >= limit:
            break
        reference = candidate.case.reference
        purge_case(candidate.case, actor_id)
        db.session.commit()
        purged.append(reference)
    return purged


def purged_case_facts(columns: tuple[str, ...], narrow: Callable[[Select, Any], Select]) -> Select:
    """``columns`` of every purged case (its tombstone keeps them for the reports), as one query
    ``narrow(query, table)`` filters the way it filters live cases."""
    return narrow(select(*(getattr(CaseTombstone, column) for column in columns)), CaseTombstone)


def purged_right_facts(narrow: Callable[[Select, Any], Select]) -> Select:
    """(right, receipt_date) of every right of a purged case, narrowed as ``purged_case_facts``."""
    return narrow(select(TombstoneRight.right, CaseTombstone.receipt_date).join(CaseTombstone), CaseTombstone)


def purged_case_id(reference: str) -> int | None:
    """The id a purged case had, found by its reference on the tombstone (the audit trail's filter)."""
    return db.session.scalar(select(CaseTombstone.case_id).where(CaseTombstone.reference == reference))


def tombstone_for_case_ids(case_ids: set[int]) -> dict[int, str]:
    """Reference per purged case id, so the audit trail still names the case it concerns."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        select(CaseTombstone.case_id, CaseTombstone.reference).where(CaseTombstone.case_id.in_(case_ids))
    )
    return dict(rows.all())


def retention_years() -> int:
    return current_app.config["RETENTION_YEARS"]
