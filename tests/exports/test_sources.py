"""Configuring data sources: only read-only SELECTs with bound identifiers are saved, connections are
read-only anyway, passwords are stored encrypted and never shown, and the test button shows what a
source returns (and is in the audit trail)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, select, text

from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.exports.admin import source_files_dir
from dsar.exports.models import DataSource, SourceQuery
from dsar.exports.sources import SourceError, preview
from tests.accounts.test_sign_in import sign_in
from tests.exports.conftest import PERSON, PG_SCHEMA, configure_pg, configure_sqlite
from tests.support.forms import hidden_fields


def admin_session(forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")


def add_source(client, name, location, kind="sql"):
    page = client.get("/staff/sources").get_data(as_text=True)
    data = {**hidden_fields(page), "name": name, "kind": kind, "location": location, "timeout_seconds": "5"}
    return client.post("/staff/sources", data=data)


def add_dataset(client, source: DataSource, statement: str, dataset="things", identifier="email"):
    page = client.get("/staff/sources").get_data(as_text=True)
    fields = {"dataset": dataset, "identifier": identifier, "statement": statement, "origin": "provided"}
    data = {
        **hidden_fields(page),
        **{f"q{source.id}-{k}": v for k, v in fields.items()},
        f"q{source.id}-row_cap": "10",
    }
    return client.post(f"/staff/sources/{source.id}/datasets", data=data)


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM customers WHERE email = :email",
        "SELECT * FROM customers WHERE email = :email; DROP TABLE customers",
        "WITH gone AS (DELETE FROM customers WHERE email = :email RETURNING *) SELECT * FROM gone",
        "SELECT * INTO copy FROM customers WHERE email = :email",
        "UPDATE customers SET name = 'x' WHERE email = :email",
        "SELECT * FROM customers WHERE email = 'an@example.org'",
        "this is not sql at all :email ((",
        "SELECT * FROM customers WHERE email = :email AND name = 'unterminated",
    ],
)
def test_only_a_single_select_with_the_bound_identifier_is_saved(
    forms, client, staff, sqlite_source_path, statement
):
    admin_session(forms, staff)
    add_source(client, "CRM", f"sqlite:///{sqlite_source_path}")
    source = db.session.scalars(select(DataSource)).one()
    response = add_dataset(client, source, statement)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert (
        "Only a single SELECT statement is allowed." in body
        or ":email" in body
        or "could not be read" in body
    )
    assert db.session.scalars(select(SourceQuery)).all() == []


def test_a_password_in_the_url_is_stored_encrypted_and_never_shown(forms, client, staff):
    admin_session(forms, staff)
    response = add_source(
        client, "Billing", "postgresql+psycopg://reader:Sup3r-s3cret@db.internal:5432/billing"
    )
    assert response.status_code == 302
    page = client.get("/staff/sources").get_data(as_text=True)
    assert "Sup3r-s3cret" not in page and "reader:***@db.internal" in page
    source = db.session.scalars(select(DataSource)).one()
    assert b"Sup3r-s3cret" not in source.location_sealed and "Sup3r" not in source.location_hint


def test_the_test_button_shows_what_the_source_returns_and_is_audited(
    forms, client, staff, sqlite_source_path
):
    source = configure_sqlite(sqlite_source_path)
    admin_session(forms, staff)
    query = next(q for q in source.queries if q.dataset == "customer")
    page = client.get("/staff/sources").get_data(as_text=True)
    response = client.post(
        f"/staff/sources/{source.id}/datasets/{query.id}/test", data={**hidden_fields(page), "value": PERSON}
    )
    body = response.get_data(as_text=True)
    assert (
        response.status_code == 200
        and "1 rows found" in body
        and "C-7" in body
        and "Someone Else" not in body
    )
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "exports.dataset_tested")).one()
    assert PERSON not in str(entry.detail)


def test_a_sqlite_source_cannot_be_written_even_by_a_statement_that_slipped_through(sqlite_source_path, app):
    source = configure_sqlite(sqlite_source_path)
    query = source.queries[0]
    query.statement = "DELETE FROM customers WHERE email = :email"
    with pytest.raises(SourceError):
        preview(source, query, PERSON)
    # And the connection itself is read-only: the file is opened with mode=ro and query_only.
    from dsar.exports.sources import _engine

    engine = _engine(f"sqlite:///{sqlite_source_path}", 5)
    with engine.connect() as connection, pytest.raises(Exception, match="readonly|read-only|query_only"):
        connection.execute(text("DELETE FROM customers"))
    engine.dispose()
    with sqlite3.connect(sqlite_source_path) as check:
        assert check.execute("SELECT count(*) FROM customers").fetchone() == (2,)
    check.close()
    assert not sqlite_source_path.with_name("customers.db-wal").exists()


def test_a_postgresql_source_runs_in_a_read_only_transaction(pg_source_url, app):
    source = configure_pg(pg_source_url)
    query = source.queries[0]
    # A SELECT that writes (it moves a sequence) passes the parser; the read-only transaction stops it.
    query.statement = (
        f"SELECT setval('{PG_SCHEMA}.invoices_id_seq', 999) AS n"
        f" FROM {PG_SCHEMA}.invoices WHERE email = :email"
    )
    with pytest.raises(SourceError, match="read-only"):
        preview(source, query, PERSON)
    engine = create_engine(pg_source_url)
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT last_value FROM {PG_SCHEMA}.invoices_id_seq")).scalar() == 3
    engine.dispose()


def test_a_statement_that_runs_too_long_is_stopped(pg_source_url, app):
    source = configure_pg(pg_source_url)
    source.timeout_seconds = 1
    query = source.queries[0]
    query.statement = f"SELECT pg_sleep(3), email FROM {PG_SCHEMA}.invoices WHERE email = :email"
    with pytest.raises(SourceError, match="statement timeout"):
        preview(source, query, PERSON)


def test_the_row_cap_bounds_a_dataset(sqlite_source_path, app):
    source = configure_sqlite(sqlite_source_path)
    notes = next(q for q in source.queries if q.dataset == "notes")
    notes.row_cap = 3
    assert preview(source, notes, PERSON)["count"] == 3


def test_csv_and_json_files_are_sources_too(forms, client, staff, app):
    tmp_path = source_files_dir()
    tmp_path.mkdir(parents=True)
    (tmp_path / "tickets.csv").write_text("email,subject\nan.peeters@example.org,=cmd\nother@example.org,x\n")
    (tmp_path / "events.json").write_text(
        '[{"email": "AN.PEETERS@example.org", "at": "2026-01-01"}, {"email": "x"}]'
    )
    admin_session(forms, staff)
    add_source(client, "Helpdesk", str(tmp_path / "tickets.csv"), kind="csv")
    add_source(client, "Events", str(tmp_path / "events.json"), kind="json")
    sources = {s.name: s for s in db.session.scalars(select(DataSource))}
    assert add_dataset(client, sources["Helpdesk"], "email", dataset="tickets").status_code == 302
    assert add_dataset(client, sources["Events"], "email", dataset="events").status_code == 302
    db.session.expire_all()
    tickets = preview(sources["Helpdesk"], sources["Helpdesk"].queries[0], PERSON)
    events = preview(sources["Events"], sources["Events"].queries[0], PERSON)
    assert tickets["rows"] == [["an.peeters@example.org", "=cmd"]]
    assert events["columns"] == ["email", "at"] and events["count"] == 1


@pytest.mark.parametrize("role", ["handler", "auditor"])
def test_only_admins_and_dpos_see_sources_and_only_admins_change_them(forms, client, staff, role):
    staff(role)
    sign_in(forms, email=f"{role}@example.org")
    assert client.get("/staff/sources").status_code == 403
    assert client.get("/staff/processing").status_code == 403


def test_a_dpo_reads_the_sources_but_cannot_add_one(forms, client, staff):
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    assert client.get("/staff/sources").status_code == 200
    assert add_source(client, "X", "sqlite:////tmp/x.db").status_code == 403


def test_the_record_of_processing_names_only_configured_datasets(forms, client, staff, sqlite_source_path):
    configure_sqlite(sqlite_source_path)
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    values = {
        "purpose": "Newsletter",
        "data_categories": "e-mail address",
        "legal_basis": "consent",
        "retention": "until withdrawn",
        "automated_means": "y",
    }
    refused = forms.post("/staff/processing", {**values, "datasets": "customer, nonexistent"})
    assert refused.status_code == 400 and "Unknown datasets: nonexistent" in refused.get_data(as_text=True)
    assert forms.post("/staff/processing", {**values, "datasets": "customer"}).status_code == 302
    assert "Newsletter" in client.get("/staff/processing").get_data(as_text=True)


def test_a_source_cannot_be_the_portals_own_database_or_a_file_outside_the_source_folder(
    forms, client, staff, app, tmp_path
):
    admin_session(forms, staff)
    own = add_source(client, "Portal", app.config["DATABASE_URL"])
    assert own.status_code == 400 and "own database cannot be a data source" in own.get_data(as_text=True)
    outside = add_source(client, "Secrets", "/etc/passwd", kind="csv")
    assert outside.status_code == 400 and "Data files must be in" in outside.get_data(as_text=True)
    escape = add_source(client, "Escape", str(source_files_dir() / ".." / "case-files" / "x"), kind="csv")
    assert escape.status_code == 400
    assert db.session.scalars(select(DataSource)).all() == []
