"""Reading a data source for one identifier, read-only, row by row.

SQL sources run admin-configured SELECTs with bound parameters only, inside a read-only transaction
(PostgreSQL ``SET TRANSACTION READ ONLY``; SQLite opened with ``mode=ro`` and ``query_only``) and a
statement timeout. Saving refuses anything but one SELECT (sqlglot), and the read-only connection is
the backstop should a statement slip through. Rows come from server-side cursors, so a source with a
million rows for one person never sits in memory."""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlglot
from flask_babel import gettext as _
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlglot import exp

from dsar.exports.cells import plain
from dsar.exports.models import DataSource, SourceQuery
from dsar.exports.sealing import unseal

FETCH_BATCH = 1000  # rows per driver call: bounded memory even with 100,000-character cells
WRITES = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Alter, exp.Command)


class SourceError(Exception):
    """A source could not be read; the message is safe to show staff (no URL, no password)."""


def check_statement(statement: str, identifier: str) -> str | None:
    """Why a configured statement is refused, or None. One SELECT, the identifier as ``:name``."""
    try:
        trees = [tree for tree in sqlglot.parse(statement, read="postgres") if tree is not None]
    except sqlglot.errors.SqlglotError:
        return _("The statement could not be read as SQL.")
    if len(trees) != 1 or not isinstance(trees[0], exp.Query):
        return _("Only a single SELECT statement is allowed.")
    if any(isinstance(node, WRITES) for node in trees[0].walk()) or trees[0].find(exp.Into):
        return _("Only a single SELECT statement is allowed.")
    if f":{identifier}" not in statement:
        return _("The statement must use the identifier as the bound parameter :%(name)s.", name=identifier)
    return None


class _SourceSqlite(sqlite3.Connection):
    """Its own class, so the portal's SQLite pragmas (WAL, which writes) are not applied to a
    source: dsar.core.db skips connections whose class is not sqlite3's own."""


def open_engine(location: str, timeout: int, writable: bool = False):
    """An engine for a source: read-only unless ``writable`` (only configured erasure and
    rectification statements, after approval, use a writable one)."""
    return _engine(location, timeout, writable)


def _sqlite_engine(url, timeout: int, writable: bool = False):
    path = Path(url.database or "").resolve()
    if not path.is_file():
        raise SourceError(_("The database file does not exist."))

    def connect():
        mode = "rw" if writable else "ro"
        connection = sqlite3.connect(
            f"file:{path}?mode={mode}", uri=True, timeout=timeout, factory=_SourceSqlite
        )
        if not writable:
            connection.execute("PRAGMA query_only=ON")
        return connection

    return create_engine("sqlite://", creator=connect, poolclass=None)


def _engine(location: str, timeout: int, writable: bool = False):
    try:
        url = make_url(location)
    except Exception as exc:
        raise SourceError(_("The source URL is not a valid SQLAlchemy URL.")) from exc
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, timeout, writable)
    engine = create_engine(url, pool_pre_ping=True, connect_args=_connect_args(url, timeout, writable))
    if writable:
        return engine

    @event.listens_for(engine, "begin")
    def _read_only(connection):
        # On the raw DBAPI cursor: a streaming connection would wrap SQLAlchemy's own statement
        # in a server-side cursor, where SET is not allowed.
        if connection.dialect.name == "postgresql":
            cursor = connection.connection.cursor()
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.close()

    return engine


def _connect_args(url, timeout: int, writable: bool = False) -> dict:
    """PostgreSQL: every transaction of the session read-only and time-limited from the start."""
    if url.get_backend_name() != "postgresql":
        return {}
    options = f"-c statement_timeout={int(timeout) * 1000}"
    if not writable:
        options = "-c default_transaction_read_only=on " + options
    return {"connect_timeout": timeout, "options": options}


@contextmanager
def open_rows(source: DataSource, query: SourceQuery, value: str) -> Iterator[tuple[list[str], Iterator]]:
    """(column names, row iterator) for one dataset and one identifier value, capped at row_cap."""
    location = unseal(source.location_sealed)
    if source.kind == "sql":
        with _sql_rows(location, source.timeout_seconds, query, value) as found:
            yield found
    else:
        yield _file_rows(location, source.kind, query, value)


@contextmanager
def _sql_rows(location: str, timeout: int, query: SourceQuery, value: str):
    if check_statement(query.statement, query.identifier):
        raise SourceError(_("The statement is not a single SELECT."))
    engine = _engine(location, timeout)
    with driver_errors_worded(engine), engine.connect() as connection:
        columns, batches = _execute(connection, query.statement, {query.identifier: value})
        yield columns, Rows(_capped_batches(batches, query.row_cap))


@contextmanager
def driver_errors_worded(engine, keep: tuple[type[Exception], ...] = ()):
    """A source's driver error becomes a SourceError in words staff can act on (``describe``);
    our own refusals and ``keep`` pass as they are. The engine is disposed of either way."""
    try:
        yield
    except (SourceError, *keep):
        raise
    except Exception as exc:
        raise SourceError(describe(exc)) from exc
    finally:
        engine.dispose()


def _execute(connection, statement: str, params: dict):
    """(column names, a function fetching the next batch of raw rows). SQLite and psycopg are read
    through their own cursor (PostgreSQL's server-side), one call per batch of plain tuples: SQLAlchemy
    would build a Row per row for nothing. The statement is compiled by SQLAlchemy (the bound
    parameter in the driver's style) and runs inside its transaction, so the read-only setup of
    ``_engine`` applies as before. Other drivers stream through SQLAlchemy."""
    dialect = connection.dialect
    if (dialect.name, dialect.driver) not in (("sqlite", "pysqlite"), ("postgresql", "psycopg")):
        options = connection.execution_options(stream_results=True, yield_per=FETCH_BATCH)
        result = options.execute(text(statement), params)
        return list(result.keys()), result.fetchmany
    compiled = text(statement).compile(dialect=dialect)
    bound = compiled.construct_params(params)
    arguments = tuple(bound[name] for name in compiled.positiontup) if compiled.positional else bound
    connection.begin()
    raw = connection.connection.dbapi_connection
    cursor = raw.cursor(name="dsar_export") if dialect.name == "postgresql" else raw.cursor()
    cursor.execute(compiled.string, arguments)
    return [column[0] for column in cursor.description], cursor.fetchmany


class Rows:
    """One dataset's rows: iterated one by one as plain lists, or read as the driver's batches
    (``batches()``, raw values) by the bundle, which makes whole columns plain at once."""

    def __init__(self, batches: Iterator[list]):
        self._batches = batches

    def batches(self) -> Iterator[list]:
        return self._batches

    def __iter__(self) -> Iterator[list]:
        for batch in self._batches:
            for row in batch:
                yield plain_row(row)


def _capped_batches(fetch, cap: int) -> Iterator[list]:
    """Batches of at most FETCH_BATCH rows, ``cap`` rows in all. A driver error mid-stream is a
    SourceError like any other (the rows already written stay; the dataset is marked incomplete)."""
    left = cap
    while left > 0:
        try:
            batch = fetch(min(FETCH_BATCH, left))
        except Exception as exc:
            raise SourceError(describe(exc)) from exc
        if not batch:
            return
        left -= len(batch)
        yield batch


def plain_row(row) -> list:
    return [plain(value) for value in row]


def _capped(rows, cap: int):
    for number, row in enumerate(rows):
        if number >= cap:
            return
        yield row


def describe(exc: Exception) -> str:
    """The error's class and first line, for staff: never the URL (drivers do not echo passwords)."""
    if isinstance(exc, SourceError):
        return str(exc)
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0:1]
    return f"{type(exc).__name__}: {first[0][:200] if first else ''}"


def _file_rows(location: str, kind: str, query: SourceQuery, value: str):
    path = Path(location)
    if not path.is_file():
        raise SourceError(_("The file does not exist."))
    field, wanted = query.statement.strip(), value.strip().casefold()
    if kind == "csv":
        handle = path.open(newline="", encoding="utf-8-sig")
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = (
            [row.get(c) for c in columns]
            for row in reader
            if str(row.get(field) or "").strip().casefold() == wanted
        )
        return columns, _capped(_closing(rows, handle), query.row_cap)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SourceError(_("The file is not valid JSON.")) from exc
    matching = [
        r for r in records if isinstance(r, dict) and str(r.get(field, "")).strip().casefold() == wanted
    ]
    columns = list(dict.fromkeys(key for record in matching for key in record))
    return columns, _capped(([plain(r.get(c)) for c in columns] for r in matching), query.row_cap)


def _closing(rows, handle):
    try:
        yield from rows
    finally:
        handle.close()


def preview(source: DataSource, query: SourceQuery, value: str, limit: int = 20) -> dict:
    """The 'test with this identifier' button: columns, the first rows, the count up to the cap."""
    started = time.monotonic()
    with open_rows(source, query, value) as (columns, rows):
        shown, count = [], 0
        for row in rows:
            if count < limit:
                shown.append(row)
            count += 1
    return {
        "columns": columns,
        "rows": shown,
        "count": count,
        "seconds": round(time.monotonic() - started, 2),
    }
