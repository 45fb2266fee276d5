"""Real data sources for the export tests: a SQLite customer file and a schema on the PostgreSQL
server, both holding hostile values (formula prefixes, markup, control characters, long strings)."""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from dsar.core.db import db
from dsar.exports import admin

PERSON = "an.peeters@example.org"
LONG = "lang " * 20000  # 100,000 characters in one cell
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+32 470 12 34 56",
    "-1+1",
    "@SUM(A1:A9)",
    "\tindented",
    "<script>alert('x')</script>",
    "two\nlines\r\nand a \x07 bell",
    "Ünïcødé ✓ 😀",
    LONG,
]
# A database of its own: the portal refuses its own database as a data source.
SOURCE_PG_URL = os.environ.get(
    "DSAR_TEST_SOURCE_DATABASE_URL",
    "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/test_exports_sources",
)
PG_SCHEMA = "exports_source"


def build_sqlite(path) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, customer_number TEXT, name TEXT);"
            "CREATE TABLE notes (customer_id INTEGER, written_at TEXT, body TEXT);"
            "CREATE TABLE scores (customer_id INTEGER, score REAL);"
        )
        connection.execute("INSERT INTO customers VALUES (1, ?, 'C-7', 'An Peeters')", (PERSON,))
        connection.execute("INSERT INTO customers VALUES (2, 'other@example.org', 'C-8', 'Someone Else')")
        connection.executemany(
            "INSERT INTO notes VALUES (1, ?, ?)",
            [(f"2026-01-0{i % 9 + 1}T10:00:00+01:00", v) for i, v in enumerate(HOSTILE)],
        )
        connection.execute("INSERT INTO notes VALUES (2, '2026-01-01', 'not An''s note')")
        connection.execute("INSERT INTO scores VALUES (1, 0.7)")
    connection.close()


@pytest.fixture
def sqlite_source_path(tmp_path):
    path = tmp_path / "customers.db"
    build_sqlite(path)
    return path


@pytest.fixture
def pg_source_url():
    """A schema of its own on the PostgreSQL server, with the same person and an invoices table."""
    _create_database(SOURCE_PG_URL)
    engine = create_engine(SOURCE_PG_URL)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
            connection.execute(
                text(
                    f"CREATE TABLE {PG_SCHEMA}.invoices (id serial PRIMARY KEY, email text,"
                    " issued_at timestamptz, amount numeric(10,2), memo text)"
                )
            )
            connection.execute(
                text(
                    f"INSERT INTO {PG_SCHEMA}.invoices (email, issued_at, amount, memo) VALUES "
                    "(:e, '2026-02-03 10:00+00', 19.99, '=1+1'),"
                    " (:e, '2026-03-01 08:30+00', 5.00, '<b>x</b>'),"
                    " ('other@example.org', '2026-03-01 08:30+00', 1.00, 'not hers')"
                ),
                {"e": PERSON},
            )
    except OperationalError:
        pytest.skip(f"no PostgreSQL server at {SOURCE_PG_URL}")
    finally:
        engine.dispose()
    return SOURCE_PG_URL


def _create_database(url: str) -> None:
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    except OperationalError:
        pytest.skip(f"no PostgreSQL server at {target.host}")
    finally:
        server.dispose()


def configure_sqlite(path, name="CRM", **query_overrides):
    source = admin.add_source(name, "sql", f"sqlite:///{path}", None)
    admin.add_query(
        source,
        admin.QuerySpec(
            "customer",
            "email",
            "SELECT email, customer_number, name FROM customers WHERE email = :email",
            description="Your customer record.",
            field_notes="customer_number: your number with us",
        ),
        None,
    )
    admin.add_query(
        source,
        admin.QuerySpec(
            "notes",
            "email",
            "SELECT n.written_at, n.body FROM notes n JOIN customers c ON c.id = n.customer_id"
            " WHERE c.email = :email",
            **query_overrides,
        ),
        None,
    )
    admin.add_query(
        source,
        admin.QuerySpec(
            "scores",
            "email",
            "SELECT s.score FROM scores s JOIN customers c ON c.id = s.customer_id WHERE c.email = :email",
            origin="inferred",
        ),
        None,
    )
    db.session.commit()
    return source


def configure_pg(url, name="Billing"):
    source = admin.add_source(name, "sql", url, None, timeout=5)
    admin.add_query(
        source,
        admin.QuerySpec(
            "invoices",
            "email",
            f"SELECT issued_at, amount, memo FROM {PG_SCHEMA}.invoices"
            " WHERE email = :email ORDER BY issued_at",
            origin="provided",
        ),
        None,
    )
    db.session.commit()
    return source


def record_of_processing(with_invoices=False):
    admin.save_activity(
        {
            "purpose": "Customer relationship",
            "data_categories": "contact data, notes",
            "legal_basis": "contract",
            "recipients": "Mailer BV",
            "retention": "2 years after the contract",
            "datasets": ["customer", "notes", "scores"],
        },
        None,
    )
    if with_invoices:
        admin.save_activity(
            {
                "purpose": "Accounting",
                "data_categories": "invoices",
                "legal_basis": "legal_obligation",
                "retention": "7 years (accounting law)",
                "datasets": ["invoices"],
            },
            None,
        )
    db.session.commit()
