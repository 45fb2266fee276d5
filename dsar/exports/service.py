"""Operations: collect a person's data from every configured source into one bundle.

``build_bundle`` does the work for any set of identifiers (the case job and ``flask dsar export``
share it). ``start_collection`` and ``run_collection`` wrap it for a case: a progress entry per
source, retries, a partial result that says what is missing, and the bundle attached to the case as
its answer package (download link, expiry and deletion as for any answer package)."""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from dsar.cases import files
from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core.crypto import CHUNK_BYTES
from dsar.core.db import db, utcnow
from dsar.core.jobs import dispatch
from dsar.exports import manual, record
from dsar.exports.bundle import BundleWriter
from dsar.exports.models import Collection, DataSource, SourceQuery
from dsar.exports.sources import SourceError, describe, open_rows

ATTEMPTS = 3
RETRY_PAUSES = (0.5, 2.0)  # seconds between attempts at one source within a run


@dataclass
class Progress:
    """Where each source stands; ``report`` is called after every change (the case job commits)."""

    report: Callable[[dict], None] = lambda _state: None
    sources: dict = field(default_factory=dict)

    def set(self, source: DataSource, **state) -> None:
        key = str(source.id)
        self.sources[key] = {**self.sources.get(key, {"name": source.name, "rows": 0}), **state}
        self.report(dict(self.sources))


def identifiers_of(case: Case) -> dict[str, str]:
    found = {
        "email": case.requester_email,
        "customer_number": case.customer_reference,
        "phone": case.requester_phone,
    }
    return {key: value.strip() for key, value in found.items() if value and value.strip()}


def dataset_query(dataset: str) -> SourceQuery | None:
    """How a dataset is read (its source, the identifier it is looked up by), or None."""
    return db.session.scalar(select(SourceQuery).where(SourceQuery.dataset == dataset))


def datasets_found(case: Case) -> list[str] | None:
    """The datasets in the case's latest finished collection; None when nothing was collected."""
    collection = db.session.scalar(
        select(Collection)
        .where(Collection.case_id == case.id, Collection.manifest.is_not(None))
        .order_by(Collection.id.desc())
        .limit(1)
    )
    if collection is None:
        return None
    return [dataset["name"] for dataset in collection.manifest.get("datasets", [])]


def active_sources() -> list[DataSource]:
    return list(db.session.scalars(select(DataSource).where(DataSource.active).order_by(DataSource.name)))


def _open_with_retries(source, query, value):
    """Connecting and running the query are retried; a failure after rows started is not (the rows
    are already in the bundle), it is reported as an incomplete dataset instead."""
    for attempt in range(ATTEMPTS):
        try:
            context = open_rows(source, query, value)
            return context, context.__enter__()
        except SourceError:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(RETRY_PAUSES[min(attempt, len(RETRY_PAUSES) - 1)])
    raise AssertionError("unreachable")


def _collect_source(writer: BundleWriter, source, identifiers, scope, activities, progress, left_out):
    progress.set(source, status="running")
    rows, failure = 0, None
    for query in source.queries:
        decision = record.decide_scope(query, scope, activities)
        value = identifiers.get(query.identifier)
        if not decision.included or value is None or failure:
            reason = decision.reason if not decision.included else "no_identifier" if value is None else None
            left_out.append(
                {"dataset": query.dataset, "reason": reason or "source_failed", "detail": failure}
            )
            continue
        try:
            found = _collect_dataset(writer, source, query, value)
            rows += found
            if found >= query.row_cap:  # say so rather than send a silently truncated copy
                left_out.append({"dataset": query.dataset, "reason": "row_cap", "detail": str(query.row_cap)})
        except _DatasetFailed as exc:
            failure = exc.detail
            left_out.append({"dataset": query.dataset, "reason": exc.reason, "detail": failure})
            continue
        progress.set(source, rows=rows)
    if failure:
        progress.set(source, status="failed", reason=failure, rows=rows)
    else:
        progress.set(source, status="done", rows=rows)


class _DatasetFailed(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


def _collect_dataset(writer: BundleWriter, source, query, value) -> int:
    try:
        context, (columns, found) = _open_with_retries(source, query, value)
    except SourceError as exc:
        raise _DatasetFailed("source_failed", str(exc)) from exc
    try:
        return writer.add_dataset(query.dataset, columns, found)
    except (SourceError, SQLAlchemyError, csv.Error, UnicodeDecodeError) as exc:
        # The source broke off mid-stream: the rows written stay, marked incomplete.
        raise _DatasetFailed("incomplete", describe(exc)) from exc
    finally:
        context.__exit__(None, None, None)


def build_bundle(
    path: Path,
    identifiers: dict[str, str],
    scope: str,
    language: str,
    reference: str,
    progress: Progress,
    manual_datasets: list = (),
) -> tuple:
    """Write the bundle to ``path``; returns (BundleResult, left_out)."""
    activities = record.activities()
    writer = BundleWriter(path)
    left_out: list[dict] = []
    try:
        for source in active_sources():
            _collect_source(writer, source, identifiers, scope, activities, progress, left_out)
        for item in manual_datasets:
            _add_manual(writer, item, scope, left_out)
        datasets = writer.datasets
        manifest = {
            "case_reference": reference,
            "controller": current_app.config["ORGANISATION_NAME"],
            "generated_at": utcnow().isoformat(timespec="seconds"),
            "scope": scope,
            "legal_basis_note": _legal_note(scope),
            "datasets": datasets,
            "left_out": left_out,
            "processing": record.statement([d["name"] for d in datasets]),
        }
        readme = _readme(language, manifest)
        return writer.finish(manifest, readme), left_out
    except BaseException:
        writer.abort()
        raise


def _add_manual(writer: BundleWriter, item, scope: str, left_out: list[dict]) -> None:
    """A file staff added by hand: in the portability scope only if its data are not inferred and
    staff confirmed consent or contract processing by automated means (rules 7.1)."""
    reason = None
    if any(d["name"] == item.dataset for d in writer.datasets):
        reason = "duplicate"
    elif scope == "portability" and item.origin == "inferred":
        reason = "inferred"
    elif scope == "portability" and not item.portable:
        reason = "manual_not_portable"
    if reason:
        left_out.append({"dataset": item.dataset, "reason": reason, "detail": None})
        return
    columns, rows = manual.open_manual(item)
    writer.add_dataset(item.dataset, columns, rows)


def _legal_note(scope: str) -> str:
    if scope == "portability":
        return (
            "Art. 20 GDPR: data you provided or that were observed, processed on consent or a contract "
            "by automated means."
        )
    return "Art. 15(3) GDPR: a copy of the personal data undergoing processing."


def _readme(language: str, manifest: dict) -> str:
    notes = {q.dataset: q for q in db.session.scalars(select(SourceQuery))}
    with force_locale(language):
        return render_template(
            "exports/README.txt",
            manifest=manifest,
            queries=notes,
            field_notes={name: _field_notes(q.field_notes) for name, q in notes.items()},
            reasons={key: str(label) for key, label in record.EXCLUSION_REASONS.items()},
            bases={key: str(label) for key, label in record.LEGAL_BASIS_LABELS.items()},
            origins={key: str(label) for key, label in record.ORIGIN_LABELS.items()},
        )


def _field_notes(text: str) -> dict[str, str]:
    notes = {}
    for line in (text or "").splitlines():
        name, sep, meaning = line.partition(":")
        if sep and name.strip():
            notes[name.strip()] = meaning.strip()
    return notes


def scope_for(case: Case) -> str:
    return "access" if "access" in case.rights or "portability" not in case.rights else "portability"


def start_collection(case: Case, actor_id: int) -> Collection:
    """Queue a collection for the case (the caller commits; the job runs after the commit)."""
    collection = Collection(case_id=case.id, scope=scope_for(case), requested_by_id=actor_id, progress={})
    db.session.add(collection)
    db.session.flush()
    record_event(case, "collection_started", actor_id, collection=collection.id, scope=collection.scope)
    dispatch("dsar.exports.jobs.collect_case", collection.id)
    return collection


def run_collection(collection_id: int) -> Collection:
    """The job's work: every source, the bundle, attached to the case. Progress is committed as it
    goes, so the case page shows it while the job runs."""
    collection = db.session.get(Collection, collection_id)
    if collection is None or collection.status not in ("queued", "running"):
        return collection  # already finished (a retried job does nothing twice)
    case = db.session.get(Case, collection.case_id)
    collection.status = "running"
    db.session.commit()

    def report(state: dict) -> None:
        collection.progress = state
        db.session.commit()

    # The bundle is built in a private temp folder (it needs a seekable file), then encrypted into
    # the file store chunk by chunk; the clear copy goes with the folder whatever happens.
    with tempfile.TemporaryDirectory(prefix="dsar-bundle-") as build_dir:
        path = Path(build_dir) / "bundle.zip"
        try:
            result, left_out = build_bundle(
                path,
                identifiers_of(case),
                collection.scope,
                case.language,
                case.reference,
                Progress(report),
                manual.current_for(case.id),
            )
        except Exception:
            db.session.rollback()
            collection.status = "failed"
            collection.finished_at = utcnow()
            record_event(case, "collection_failed", None, collection=collection.id)
            db.session.commit()
            raise
        _attach(case, collection, result, path, left_out)
    db.session.commit()
    return collection


def _found_nothing(result) -> bool:
    return not any(dataset["rows"] for dataset in result.manifest["datasets"])


def _attach(case: Case, collection: Collection, result, path: Path, left_out: list[dict]) -> None:
    failed = any(item["reason"] in ("source_failed", "incomplete") for item in left_out)
    collection.status = "partial" if failed else "done"
    collection.finished_at = utcnow()
    collection.manifest = result.manifest
    finished = {"collection": collection.id, "status": collection.status}
    left_out_names = [item["dataset"] for item in left_out]
    if _found_nothing(result):
        # Art. 15(1): "we hold nothing about you" is the answer; an empty ZIP is no copy of anything,
        # so none is kept or offered for download (the build folder goes with its clear copy). The
        # manifest keeps what was searched.
        record_event(case, "collection_finished", None, **finished, datasets=[], left_out=left_out_names)
        return
    days = current_app.config["DOWNLOAD_LINK_DAYS"]
    package = files.new_record(
        case.id, "answer_package", f"data-{case.reference}.zip", "application/zip", keep_days=days
    )
    with path.open("rb") as built:
        files.keep(package, iter(lambda: built.read(CHUNK_BYTES), b""))
    db.session.flush()
    collection.case_file_id = package.id
    collection.sha256 = result.sha256
    record_event(
        case,
        "collection_finished",
        None,
        **finished,
        file=package.public_id,
        sha256=result.sha256,
        datasets=[d["name"] for d in result.manifest["datasets"]],
        left_out=left_out_names,
    )
