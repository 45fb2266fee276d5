"""Database session, declarative base and the column types every model shares."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# A fixed naming convention keeps constraint names identical on SQLite and PostgreSQL, which
# Alembic needs to alter or drop them later (SQLite batch mode included).
# Row ids are INTEGER columns: PostgreSQL refuses a larger number outright (SQLite would not), so a
# number from a URL or a query string above this names no row and is refused before any query.
MAX_ID = 2**31 - 1

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def engine_options(config: dict) -> dict:
    """Bounded waits on a slow or hung database (security.md R-09): a PostgreSQL that accepts the
    connection but never answers costs a request DB_CONNECT_TIMEOUT seconds, a runaway or blocked
    statement is cancelled by the server after DB_STATEMENT_TIMEOUT, and a request finding every
    pooled connection busy gives up after DB_POOL_TIMEOUT. The request then gets the plain 503
    instead of holding a gunicorn thread until the database returns."""
    options: dict = {"pool_pre_ping": True}
    url = config["DATABASE_URL"]
    if url.startswith("postgresql"):
        connect_args: dict = {"connect_timeout": max(config["DB_CONNECT_TIMEOUT"], 2)}  # libpq's minimum
        if config["DB_STATEMENT_TIMEOUT"] > 0:
            connect_args["options"] = f"-c statement_timeout={config['DB_STATEMENT_TIMEOUT'] * 1000}"
        options["connect_args"] = connect_args
    if ":memory:" not in url and url not in ("sqlite://", "sqlite:///"):
        options["pool_timeout"] = config["DB_POOL_TIMEOUT"]
    return options


def fail_fast_after_a_failed_connect(engine: Engine, retry_seconds: int) -> None:
    """After a connection attempt failed, new attempts in this process fail at once for
    ``retry_seconds``: while the database is away, requests answer the 503 without each holding a
    thread for the connect timeout, so the threads stay free for /healthz and for the requests
    that need no database. Then one request at a time finds out whether the database is back."""
    if retry_seconds <= 0:
        return
    lock = threading.Lock()
    state = {"failed": False, "until": 0.0}

    @event.listens_for(engine, "do_connect")
    def _connect(dialect, _record, cargs, cparams):
        with lock:
            if state["failed"]:
                if time.monotonic() < state["until"]:
                    raise dialect.loaded_dbapi.OperationalError("the database was unreachable a moment ago")
                state["until"] = time.monotonic() + retry_seconds  # this one tries; the others do not
        try:
            connection = dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.Error:
            with lock:
                state["failed"], state["until"] = True, time.monotonic() + retry_seconds
            raise
        with lock:
            state["failed"] = False
        return connection


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every backend (SQLite stores no offset; we restore it on load)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """security.md R-07/R-08: SQLite enforces foreign keys, uses WAL and waits instead of failing.

    SQLite has one writer at a time and its waiters are not served in order: with 8 requesters
    submitting at once on a busy machine, 5 s of waiting was not always enough (a "database is
    locked" error page). 15 s stays below gunicorn's 30 s worker timeout.

    The driver's own transaction handling is switched off (``isolation_level = None``): it starts a
    transaction only before INSERT/UPDATE/DELETE, so a SAVEPOINT issued first opened a transaction
    that its RELEASE committed, and a later rollback of the whole unit (a sweep batch cut off half-way)
    left that part behind. The transactions are begun by the hooks below instead (the recipe of
    SQLAlchemy's pysqlite documentation)."""
    if _is_sqlite(dbapi_connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT", "CREATE", "DROP", "ALTER")


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _writing_request() -> bool:
    return has_request_context() and request.method not in SAFE_METHODS


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """A form post (or any non-GET request) takes SQLite's write lock when its transaction begins
    (BEGIN IMMEDIATE), waiting busy_timeout for it. A transaction that read first and wrote later
    would have to upgrade its read snapshot to a write, which SQLite refuses at once with "database
    is locked" when another writer committed in between: waiting does not help it."""
    if _writing_request():
        _begin_immediate(connection)


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_begin_before_a_write(connection, _cursor, statement, _parameters, _context, _executemany):
    """Everywhere else (pages, jobs, commands) reads run outside a transaction until the first write
    or savepoint, which begins one with the write lock: never a read snapshot upgraded."""
    if connection.dialect.name != "sqlite" or not connection.in_transaction():
        return
    if statement.lstrip()[:9].upper().startswith(WRITES):
        _begin_immediate(connection)


def _begin_immediate(connection) -> None:
    dbapi_connection = connection.connection.dbapi_connection
    if not _is_sqlite(dbapi_connection) or dbapi_connection.in_transaction:
        return
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    dbapi_connection.execute("BEGIN IMMEDIATE")


STATISTICS_ROWS_PER_INDEX = 1000  # SQLite's advice for a quick ANALYZE: a sample, milliseconds


def refresh_planner_statistics() -> None:
    """A periodic task: fresh statistics for SQLite's query planner. SQLite never analyses on its own,
    and a planner without statistics (or with those of a small database) may walk a whole index in
    order instead of using the one that finds three rows. A sampled ANALYZE takes milliseconds even at a
    million cases. PostgreSQL's autovacuum keeps its own statistics."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA analysis_limit={STATISTICS_ROWS_PER_INDEX}")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
