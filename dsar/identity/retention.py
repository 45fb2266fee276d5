"""Deleting ID copies on time, and re-encrypting them under a new key (rules.md 5.4, security.md
S-04..S-06). Periodic entry points: idempotent, safe to run twice or concurrently with uploads, and
they commit their own work like ``core.mail.relay_outbox``."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core.db import db, utcnow
from dsar.core.jobs import dispatch
from dsar.identity import storage
from dsar.identity.models import CopyStatus, IdCopy
from dsar.identity.service import LIVE, current_ring, delete_copy, record_inspection_failure
from workflows.states import CaseState

log = logging.getLogger(__name__)

PROPOSAL_HOURS = 24  # an auto-redacted proposal nobody accepted is deleted after this
STALLED_MINUTES = 30  # far beyond the inspection time limit: the worker died
REDISPATCH_MINUTES = 10  # a queued copy whose job was lost (Redis down) is dispatched again
ORPHAN_SECONDS = 3600


def sweep_expired_id_copies(now: datetime | None = None) -> int:
    """Delete what must not be kept: copies past their hard TTL (rules 5.4: 7 days after upload,
    with an alert when nobody decided), proposals nobody accepted, stalled inspections, and files
    a crash left without their row. Returns how many copies were deleted."""
    now = now or utcnow()
    deleted = 0
    expired = db.session.scalars(
        select(IdCopy).where(IdCopy.status.in_(LIVE), IdCopy.delete_after <= now)
    ).all()
    for copy in expired:
        case = db.session.get(Case, copy.case_id)
        if copy.status == CopyStatus.STORED:
            log.warning(
                "ID copy %s of case %s reached its retention limit without a decision", copy.id, case.id
            )
            record_event(case, "id_copy_expired_unchecked", None, copy_id=copy.id)
        delete_copy(copy, "retention")
        record_event(case, "id_copy_deleted", None, copy_id=copy.id, reason="retention")
        deleted += 1
    closed = db.session.scalars(
        select(IdCopy)
        .join(Case, Case.id == IdCopy.case_id)
        .where(IdCopy.status.in_(LIVE), (Case.state == CaseState.CLOSED) | Case.closed_at.is_not(None))
    ).all()
    for copy in closed:  # security.md S-05: a withdrawn or closed case keeps no ID copy
        delete_copy(copy, "case_closed")
        record_event(
            db.session.get(Case, copy.case_id), "id_copy_deleted", None, copy_id=copy.id, reason="case_closed"
        )
        deleted += 1
    stale = db.session.scalars(
        select(IdCopy).where(
            IdCopy.status == CopyStatus.PROPOSED, IdCopy.uploaded_at <= now - timedelta(hours=PROPOSAL_HOURS)
        )
    ).all()
    for copy in stale:
        delete_copy(copy, "abandoned")
        deleted += 1
    stalled = db.session.scalars(
        select(IdCopy).where(
            IdCopy.status == CopyStatus.INSPECTING,
            IdCopy.uploaded_at <= now - timedelta(minutes=STALLED_MINUTES),
        )
    ).all()
    for copy in stalled:
        record_inspection_failure(copy, "stalled")
        deleted += 1
    waiting = db.session.scalars(
        select(IdCopy.id).where(
            IdCopy.status == CopyStatus.QUEUED,
            IdCopy.uploaded_at <= now - timedelta(minutes=REDISPATCH_MINUTES),
        )
    ).all()
    for copy_id in waiting:
        dispatch("dsar.identity.jobs.inspect_id_copy", copy_id)  # the claim makes a double run harmless
    db.session.commit()
    _remove_orphans()
    return deleted


def _remove_orphans() -> None:
    """security.md R-07: a blob whose transaction never committed (crash) has no row; remove it
    once it is old enough not to belong to a transaction still in flight."""
    known = set(db.session.scalars(select(IdCopy.storage_key).where(IdCopy.storage_key.is_not(None))))
    clock = time.time()
    for key, mtime in storage.stored_keys().items():
        if key not in known and clock - mtime > ORPHAN_SECONDS:
            storage.delete_now(key)


def delete_files_of_case(case_id: int) -> None:
    """At the purge of a case: ID copies are deleted at the decision or after 7 days (rules 5.4);
    any file left goes once the purge commits."""
    keys = db.session.scalars(
        select(IdCopy.storage_key).where(IdCopy.case_id == case_id, IdCopy.storage_key.is_not(None))
    )
    for key in keys:
        storage.delete_after_commit(key)


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt every live blob under the newest key (security.md S-04). Commits per blob, so an
    interruption loses nothing and a re-run continues where it stopped. Registered with
    ``flask dsar rotate-keys``."""
    ring = current_ring()
    todo = db.session.scalars(
        select(IdCopy)
        .where(IdCopy.storage_key.is_not(None), IdCopy.key_id != ring.current)
        .order_by(IdCopy.id)
    ).all()
    for done, copy in enumerate(todo, start=1):
        copy.key_id = storage.reseal(copy)
        db.session.commit()
        echo(f"ID copies: re-encrypted {done} of {len(todo)}")
    return len(todo)
