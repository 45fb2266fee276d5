"""Job entry points: ids only (security.md R-05), one app context, one operation."""

from __future__ import annotations

from dsar.core.db import db
from dsar.core.jobs import job
from dsar.core.storage import Unreadable
from dsar.identity import engine, inspection, sanitise, service
from dsar.identity.models import IdCopy

# Jobs that run in the inspection sandbox server's children: `flask dsar worker` starts the server
# before the first of them, so that its work horses share one (cli.py).
SANDBOXED_JOBS = frozenset({f"{__name__}.inspect_id_copy"})


@job
def inspect_id_copy(copy_id: int) -> None:
    """Inspect a received copy (CPU-heavy, time-limited), then keep it or replace it by an
    auto-redacted proposal. Progress is committed stage by stage for the person's progress page."""
    claimed = service.claim_for_inspection(copy_id)
    db.session.commit()
    if not claimed:
        return  # already done or taken by another worker: running twice is harmless
    copy = db.session.get(IdCopy, copy_id)

    def progress(stage: str) -> None:
        copy.stage = stage
        db.session.commit()

    try:
        plain = service.read_plain(copy)
        result = engine.inspect_clean(plain, progress)
    except (engine.InspectionFailed, Unreadable) as exc:
        service.record_inspection_failure(copy, getattr(exc, "code", "integrity"))
        db.session.commit()
        return
    proposal = None
    if not result.properly_redacted:
        proposal = service.jpeg_bytes(inspection.redact(sanitise.load_clean(plain), result))
    del plain
    service.record_inspection(copy, result, proposal)
    db.session.commit()
