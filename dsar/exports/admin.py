"""Operations on the configuration: data sources, their datasets, and the record of processing.
Each checks what it is given and says why it refuses; none commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.engine import make_url

from dsar.core import audit
from dsar.core.db import db
from dsar.exports.models import IDENTIFIERS, LEGAL_BASES, ORIGINS, DataSource, ProcessingActivity, SourceQuery
from dsar.exports.sealing import hint_for, seal
from dsar.exports.sources import check_statement

DATASET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # fixed, safe member names in the ZIP (V-07)
FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$")
MAX_ROW_CAP = 5_000_000


class ConfigRefused(ValueError):
    """The configuration cannot be saved; the message is shown as is."""


@dataclass
class QuerySpec:
    dataset: str
    identifier: str
    statement: str
    origin: str = "provided"
    row_cap: int = 100_000
    description: str = ""
    field_notes: str = ""


def source_files_dir() -> Path:
    configured = current_app.config.get("SOURCE_FILES_DIR") or ""
    return Path(configured or Path(current_app.config["UPLOAD_DIR"]) / "source-files").resolve()


def _check_location(kind: str, location: str) -> None:
    if kind == "sql":
        try:
            url = make_url(location)
        except Exception as exc:
            raise ConfigRefused(_("The source URL is not a valid SQLAlchemy URL.")) from exc
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ConfigRefused(_("Only SQLite and PostgreSQL sources are supported."))
        if _same_database(url, make_url(current_app.config["DATABASE_URL"])):
            # The test button would otherwise show staff password hashes and the audit trail.
            raise ConfigRefused(_("The portal's own database cannot be a data source."))
    elif not location.strip() or "\x00" in location:
        raise ConfigRefused(_("Give the path of the file on the server."))
    elif not Path(location).resolve().is_relative_to(source_files_dir()):
        raise ConfigRefused(_("Data files must be in %(folder)s.", folder=str(source_files_dir())))


def _same_database(url, portal) -> bool:
    if url.get_backend_name() != portal.get_backend_name():
        return False
    if url.get_backend_name() == "sqlite":
        return bool(url.database) and Path(url.database).resolve() == Path(portal.database or "").resolve()
    return (url.host, url.port or 5432, url.database) == (portal.host, portal.port or 5432, portal.database)


def add_source(name: str, kind: str, location: str, actor_id: int, timeout: int = 30) -> DataSource:
    name = name.strip()
    if not name or len(name) > 100:
        raise ConfigRefused(_("Give the source a name of at most 100 characters."))
    if kind not in ("sql", "csv", "json"):
        raise ConfigRefused(_("Choose the kind of source."))
    if db.session.scalar(select(DataSource.id).where(DataSource.name == name)):
        raise ConfigRefused(_("A source with this name exists already."))
    _check_location(kind, location)
    source = DataSource(
        name=name,
        kind=kind,
        location_sealed=seal(location.strip()),
        location_hint=hint_for(kind, location.strip()),
        timeout_seconds=max(1, min(int(timeout), 600)),
    )
    db.session.add(source)
    db.session.flush()
    audit.record("exports.source_added", actor_id, None, source=source.id, kind=kind)
    return source


def add_query(source: DataSource, spec: QuerySpec, actor_id: int) -> SourceQuery:
    """A dataset of the source. SQL: one SELECT with the identifier bound as :name (never pasted)."""
    if not DATASET_NAME.match(spec.dataset):
        raise ConfigRefused(_("A dataset name uses lower-case letters, digits and underscores."))
    if db.session.scalar(select(SourceQuery.id).where(SourceQuery.dataset == spec.dataset)):
        raise ConfigRefused(_("A dataset with this name exists already."))
    if spec.identifier not in IDENTIFIERS or spec.origin not in ORIGINS:
        raise ConfigRefused(_("Choose the identifier and the origin of the data."))
    if not 1 <= spec.row_cap <= MAX_ROW_CAP:
        raise ConfigRefused(_("The row limit must be between 1 and %(max)s.", max=MAX_ROW_CAP))
    if source.kind == "sql":
        refusal = check_statement(spec.statement, spec.identifier)
        if refusal:
            raise ConfigRefused(refusal)
    elif not FIELD.match(spec.statement.strip()):
        raise ConfigRefused(_("Give the name of the column that holds the identifier."))
    query = SourceQuery(source=source, **vars(spec))
    db.session.add(query)
    db.session.flush()
    audit.record("exports.dataset_added", actor_id, None, source=source.id, dataset=spec.dataset)
    return query


def save_activity(
    values: dict, actor_id: int, activity: ProcessingActivity | None = None
) -> ProcessingActivity:
    """An entry of the record of processing; ``datasets`` must name configured datasets."""
    if values.get("legal_basis") not in LEGAL_BASES:
        raise ConfigRefused(_("Choose the legal basis."))
    for key in ("purpose", "data_categories", "retention"):
        if not (values.get(key) or "").strip():
            raise ConfigRefused(_("Purpose, categories of data and retention are required."))
    known = set(db.session.scalars(select(SourceQuery.dataset)))
    unknown = [name for name in values.get("datasets", []) if name not in known]
    if unknown:
        raise ConfigRefused(_("Unknown datasets: %(names)s", names=", ".join(unknown)))
    activity = activity or ProcessingActivity()
    for key, value in values.items():
        setattr(activity, key, value.strip() if isinstance(value, str) else value)
    db.session.add(activity)
    db.session.flush()
    audit.record("exports.processing_saved", actor_id, None, activity=activity.id)
    return activity
