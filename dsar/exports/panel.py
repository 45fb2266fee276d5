"""What the case file shows about collecting the data (prepared values for the template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from dsar.cases.files import CaseFile
from dsar.cases.models import Case
from dsar.core.access import can
from dsar.core.db import db, utcnow
from dsar.exports import changes, manual
from dsar.exports.forms import ManualDatasetForm
from dsar.exports.models import Collection, DataSource
from dsar.exports.record import EXCLUSION_REASONS

# A collection still "running" after this long lost its worker; staff may start another one.
STALE_AFTER = timedelta(hours=1)
STATUS_LABELS = {
    "queued": _l("waiting to start"),
    "running": _l("running"),
    "done": _l("done"),
    "partial": _l("partial: some sources could not be read"),
    "failed": _l("failed"),
}


@dataclass
class CollectionPanel:
    collection: Collection | None
    sources: list[dict]
    busy: bool
    label: str
    percent: int
    package: CaseFile | None
    left_out: list[dict]
    may_start: bool
    manual: list
    change_statements: list
    change_runs: list
    may_approve: bool
    manual_form: object | None
    found_nothing: bool = False
    answered: bool = False


def progress_state(collection: Collection) -> dict:
    """Per source: running, rows found, or failed with the reason; polled by the case page."""
    names = {row.id: row.name for row in db.session.execute(select(DataSource.id, DataSource.name))}
    progress = collection.progress or {}
    sources = [
        {"name": names.get(int(key), entry.get("name")), **entry}
        for key, entry in sorted(progress.items(), key=lambda item: item[1].get("name", ""))
    ]
    total = max(len(names), 1)
    finished = sum(1 for entry in progress.values() if entry.get("status") in ("done", "failed"))
    busy = collection.status in ("queued", "running")
    return {
        "status": collection.status,
        "label": str(STATUS_LABELS[collection.status]),
        "busy": busy,
        "percent": 100 if not busy else int(100 * finished / total),
        "sources": sources,
    }


def panel_for(case: Case) -> CollectionPanel:
    collection = db.session.scalar(
        select(Collection).where(Collection.case_id == case.id).order_by(Collection.id.desc()).limit(1)
    )
    state = progress_state(collection) if collection else {"sources": [], "busy": False, "percent": 0}
    package = (
        db.session.get(CaseFile, collection.case_file_id) if collection and collection.case_file_id else None
    )
    left_out = [
        {**item, "label": str(EXCLUSION_REASONS.get(item["reason"], item["reason"]))}
        for item in ((collection.manifest or {}).get("left_out", []) if collection else [])
    ]
    may_work = can(current_user, "cases.work") and case.role == "controller" and not case.closed_at
    finished = collection is not None and collection.status in ("done", "partial")
    datasets = (collection.manifest or {}).get("datasets", []) if finished else []
    return CollectionPanel(
        manual=manual.current_for(case.id),
        change_statements=changes.statements_for(case) if may_work else [],
        change_runs=changes.runs_for(case),
        may_approve=can(current_user, "exports.approve") and not case.closed_at,
        manual_form=ManualDatasetForm() if may_work else None,
        collection=collection,
        sources=state["sources"],
        busy=state["busy"],
        label=state.get("label", ""),
        percent=state["percent"],
        package=package,
        left_out=left_out,
        # The answer fixed what was sent (rules 6.2): a later bundle would never reach the requester.
        may_start=may_work
        and case.answered_at is None
        and (not state["busy"] or collection.requested_at < utcnow() - STALE_AFTER),
        found_nothing=finished and not package and not any(d.get("rows") for d in datasets),
        answered=case.answered_at is not None,
    )
