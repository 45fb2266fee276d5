"""Files staff add to a case by hand (CSV or JSON) for systems without a connector.

Checked by content (UTF-8, parses as CSV with a header row or as a JSON list of objects), stored under
a random name in the file store (dsar/core/storage, kind ``manual-dataset``: encrypted, bound to the
case and dataset; security.md S-01, S-02, U-09/U-10) after a malware scan (U-12: infected files are
refused, held ones stay out of the bundle until a later scan passes), added to the bundle as a
dataset, and deleted when the case closes or after the download period, whichever comes first
(rules 6.2: the bundle's manifest keeps the hash as proof)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from dsar.cases.files import MAX_BYTES
from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core import storage
from dsar.core.db import db, utcnow
from dsar.core.storage import upkeep
from dsar.exports.admin import DATASET_NAME, ConfigRefused
from dsar.exports.models import ORIGINS, ManualDataset, SourceQuery
from dsar.exports.sources import plain

KIND = storage.Kind("manual-dataset", "manual-datasets", suffix="")


def owner(manual: ManualDataset) -> str:
    return f"case={manual.case_id}|dataset={manual.dataset}"


BLOBS = upkeep.Blobs(KIND, "hand-added datasets", name=lambda manual: manual.stored_name, owner=owner)


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
    scan_status = _scan(case, data, actor_id)
    manual = ManualDataset(
        case_id=case.id,
        dataset=dataset,
        kind=kind,
        origin=origin,
        portable=portable,
        stored_name=storage.new_name(),
        scan_status=scan_status,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        uploaded_by_id=actor_id,
    )
    manual.key_id = storage.write(KIND, manual.stored_name, owner(manual), data)
    db.session.add(manual)
    record_event(case, "manual_dataset_added", actor_id, dataset=dataset, sha256=manual.sha256)
    return manual


def current_for(case_id: int) -> list[ManualDataset]:
    return list(
        db.session.scalars(
            select(ManualDataset)
            .where(
                ManualDataset.case_id == case_id,
                ManualDataset.deleted_at.is_(None),
                ManualDataset.scan_status != storage.HELD,
            )
            .order_by(ManualDataset.dataset)
        )
    )


def open_manual(manual: ManualDataset) -> tuple[list[str], list[list]]:
    text = _read(manual).decode("utf-8-sig")
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
        storage.delete_after_commit(KIND, manual.stored_name)
        manual.deleted_at = utcnow()
    db.session.commit()
    return len(expired)


def _read(manual: ManualDataset) -> bytes:
    return BLOBS.read(manual)


def _scan(case: Case, data: bytes, actor_id: int) -> str:
    def refused(signature: str) -> None:
        record_event(case, "upload_refused_malware", actor_id, signature=signature)

    return storage.scan_for_acceptance(data, refused, ConfigRefused)


def rescan_held_datasets() -> int:
    """Periodic: scan held files again; release the clean ones, delete the infected ones."""

    def infected(manual: ManualDataset, signature: str) -> None:
        storage.delete_after_commit(KIND, manual.stored_name)
        manual.deleted_at, manual.scan_status = utcnow(), "infected"
        case = db.session.get(Case, manual.case_id)
        record_event(case, "held_file_infected", file=manual.dataset, signature=signature)

    def released(manual: ManualDataset) -> None:
        record_event(db.session.get(Case, manual.case_id), "held_file_released", file=manual.dataset)

    held = db.session.scalars(
        select(ManualDataset).where(
            ManualDataset.scan_status == storage.HELD, ManualDataset.deleted_at.is_(None)
        )
    ).all()
    return upkeep.rescan_rows(BLOBS, held, infected, released)


def _live(condition) -> list[ManualDataset]:
    return list(
        db.session.scalars(
            select(ManualDataset)
            .where(ManualDataset.deleted_at.is_(None), condition)
            .order_by(ManualDataset.id)
        )
    )


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt hand-added files under an older key (security.md S-04); commits per file."""
    current = upkeep.current_key()
    todo = _live(ManualDataset.key_id.is_not(None) & (ManualDataset.key_id != current))
    return upkeep.reseal_rows(BLOBS, todo, echo)


def encrypt_plain_files(echo=lambda _line: None) -> int:
    """``flask dsar storage migrate``: encrypt in place the files kept in clear before the store."""

    def gone(manual: ManualDataset) -> None:
        manual.deleted_at = utcnow()

    return upkeep.encrypt_plain_rows(BLOBS, _live(ManualDataset.key_id.is_(None)), echo, gone)
