"""Files staff add to a case by hand (CSV or JSON) for systems without a connector.

Checked by content (UTF-8, parses as CSV with a header row or as a JSON list of objects), stored under
a random name with owner-only permissions outside any web root (security.md U-09/U-10), added to the
bundle as a dataset, and deleted when the case closes or after the download period, whichever comes
first (rules 6.2: the bundle's manifest keeps the hash as proof)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from dsar.cases.files import MAX_BYTES
from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core.db import db, utcnow
from dsar.exports.admin import DATASET_NAME, ConfigRefused
from dsar.exports.models import ORIGINS, ManualDataset, SourceQuery
from dsar.exports.sources import plain


def storage_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "manual-datasets"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _kind_of(data: bytes) -> str:
    if not data:
        raise ConfigRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ConfigRefused(_("The file is larger than 10 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigRefused(_("Only UTF-8 CSV or JSON files are accepted.")) from exc
    if "\x00" in text:
        raise ConfigRefused(_("Only UTF-8 CSV or JSON files are accepted."))
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except ValueError as exc:
            raise ConfigRefused(_("The file is not valid JSON.")) from exc
        if not all(isinstance(r, dict) for r in records):
            raise ConfigRefused(_("A JSON file must be a list of objects."))
        return "json"
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error as exc:
        raise ConfigRefused(_("Only UTF-8 CSV or JSON files are accepted.")) from exc
    if not any(cell.strip() for cell in header):
        raise ConfigRefused(_("A CSV file needs a header row."))
    return "csv"


def add_manual_dataset(case: Case, dataset: str, origin: str, portable: bool, data: bytes, actor_id: int):
    """Validate and store the file, and add its row (the caller commits)."""
    if not DATASET_NAME.match(dataset) or origin not in ORIGINS:
        raise ConfigRefused(_("A dataset name uses lower-case letters, digits and underscores."))
    taken = db.session.scalar(
        select(SourceQuery.id).where(SourceQuery.dataset == dataset)
    ) or db.session.scalar(
        select(ManualDataset.id).where(ManualDataset.case_id == case.id, ManualDataset.dataset == dataset)
    )
    if taken:
        raise ConfigRefused(_("A dataset with this name exists already."))
    kind = _kind_of(data)
    stored_name = secrets.token_hex(16)
    fd = os.open(storage_dir() / stored_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    manual = ManualDataset(
        case_id=case.id,
        dataset=dataset,
        kind=kind,
        origin=origin,
        portable=portable,
        stored_name=stored_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        uploaded_by_id=actor_id,
    )
    db.session.add(manual)
    record_event(case, "manual_dataset_added", actor_id, dataset=dataset, sha256=manual.sha256)
    return manual


def current_for(case_id: int) -> list[ManualDataset]:
    return list(
        db.session.scalars(
            select(ManualDataset)
            .where(ManualDataset.case_id == case_id, ManualDataset.deleted_at.is_(None))
            .order_by(ManualDataset.dataset)
        )
    )


def open_manual(manual: ManualDataset) -> tuple[list[str], list[list]]:
    text = (storage_dir() / manual.stored_name).read_text(encoding="utf-8-sig")
    if manual.kind == "json":
        records = json.loads(text)
        columns = list(dict.fromkeys(key for record in records for key in record))
        return columns, [[plain(record.get(c)) for c in columns] for record in records]
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def sweep_manual_datasets() -> int:
    """Delete hand-added files of closed cases and those older than the download period."""
    cutoff = utcnow() - timedelta(days=current_app.config["DOWNLOAD_LINK_DAYS"])
    closed = select(Case.id).where(Case.closed_at.is_not(None))
    expired = db.session.scalars(
        select(ManualDataset).where(
            ManualDataset.deleted_at.is_(None),
            (ManualDataset.uploaded_at < cutoff) | ManualDataset.case_id.in_(closed),
        )
    ).all()
    for manual in expired:
        (storage_dir() / manual.stored_name).unlink(missing_ok=True)
        manual.deleted_at = utcnow()
    db.session.commit()
    return len(expired)
