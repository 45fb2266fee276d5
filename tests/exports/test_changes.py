"""Erasure and rectification against real SQL sources: only a DELETE/UPDATE with a WHERE clause is
saved, a dry run counts the rows without changing anything, only the DPO or an admin approves, and
execution stores the evidence on the case (counts, not content)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, select, text

from dsar.core.db import db
from dsar.exports import admin, changes
from dsar.exports.models import ChangeRun
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import confirmed_case
from tests.exports.conftest import PERSON, PG_SCHEMA, configure_pg, configure_sqlite
from tests.support.forms import hidden_fields


def post(client, case, path, **fields):
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    response = client.post(path, data={**hidden_fields(page), **fields})
    assert response.status_code == 302, response.status_code
    return client.get(response.location).get_data(as_text=True)


def note_count(path, email=PERSON) -> int:
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT count(*) FROM notes n JOIN customers c ON c.id = n.customer_id WHERE c.email = ?",
            (email,),
        ).fetchone()[0]
    connection.close()
    return found


@pytest.mark.parametrize(
    ("right", "statement"),
    [
        ("erasure", "DELETE FROM notes"),
        ("erasure", "DELETE FROM notes WHERE body = $$x AND customer_id = :email"),
        ("erasure", "SELECT * FROM notes WHERE customer_id = :email"),
        ("erasure", "DELETE FROM notes WHERE body = 'x'"),
        ("rectification", "UPDATE customers SET name = 'x' WHERE email = :email"),
        ("rectification", "DELETE FROM customers WHERE email = :email"),
    ],
)
def test_only_a_targeted_delete_or_update_is_saved(app, sqlite_source_path, right, statement):
    source = configure_sqlite(sqlite_source_path)
    with pytest.raises(admin.ConfigRefused):
        changes.add_change_statement(source, "x", right, "email", statement, None)


def test_erasure_dry_run_then_dpo_approval_then_execution_with_evidence(
    forms, client, staff, sqlite_source_path
):
    source = configure_sqlite(sqlite_source_path)
    change = changes.add_change_statement(
        source,
        "CRM notes",
        "erasure",
        "email",
        "DELETE FROM notes WHERE customer_id IN (SELECT id FROM customers WHERE email = :email)",
        None,
    )
    db.session.commit()
    case = confirmed_case(forms, rights=["erasure"], email=PERSON)
    staff("handler")
    staff("dpo")
    sign_in(forms)
    page = post(client, case, f"/staff/cases/{case.reference}/changes/{change.id}/dry-run")
    assert "9 rows" in page and note_count(sqlite_source_path) == 9  # counted, nothing changed
    run = db.session.scalars(select(ChangeRun)).one()
    execute = f"/staff/cases/{case.reference}/change-runs/{run.id}/execute"
    assert client.post(execute, data=hidden_fields(page)).status_code == 403  # a handler cannot approve

    client.post("/staff/logout", data=hidden_fields(page))
    sign_in(forms, email="dpo@example.org")
    post(client, case, execute)
    db.session.expire_all()
    run = db.session.get(ChangeRun, run.id)
    assert run.status == "executed" and run.affected_rows == 9 and run.approved_by_id != run.dry_run_by_id
    assert note_count(sqlite_source_path) == 0 and note_count(sqlite_source_path, "other@example.org") == 1
    events = {e.kind: e.data for e in db.session.get(type(case), case.id).events}
    assert events["change_executed"]["rows"] == 9 and "body" not in str(events["change_executed"])


def test_execution_refuses_when_the_data_changed_since_the_dry_run(app, forms, staff, sqlite_source_path):
    source = configure_sqlite(sqlite_source_path)
    change = changes.add_change_statement(
        source,
        "notes",
        "erasure",
        "email",
        "DELETE FROM notes WHERE customer_id IN (SELECT id FROM customers WHERE email = :email)",
        None,
    )
    case = confirmed_case(forms, rights=["erasure"], email=PERSON)
    run = changes.dry_run(change, case, None)
    with sqlite3.connect(sqlite_source_path) as connection:
        connection.execute("INSERT INTO notes VALUES (1, '2026-05-01', 'written after the dry run')")
    connection.close()
    run = changes.approve_and_execute(run, case, None)
    assert run.status == "failed" and "nothing was changed" in run.failure
    assert note_count(sqlite_source_path) == 10


def test_rectification_on_postgresql_records_the_new_value(app, forms, pg_source_url):
    source = configure_pg(pg_source_url)
    change = changes.add_change_statement(
        source,
        "memo",
        "rectification",
        "email",
        f"UPDATE {PG_SCHEMA}.invoices SET memo = :new_value WHERE email = :email",
        None,
    )
    case = confirmed_case(
        forms,
        rights=["rectification"],
        email=PERSON,
        rectification_current="memo",
        rectification_correct="corrected memo",
    )
    run = changes.dry_run(change, case, None, new_value="corrected memo")
    assert run.dry_run_rows == 2
    run = changes.approve_and_execute(run, case, None)
    db.session.commit()
    assert run.status == "executed" and run.affected_rows == 2 and run.new_value == "corrected memo"
    engine = create_engine(pg_source_url)
    with engine.connect() as connection:
        memos = (
            connection.execute(
                text(f"SELECT memo FROM {PG_SCHEMA}.invoices ORDER BY id"),
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert memos == ["corrected memo", "corrected memo", "not hers"]


def test_admins_configure_statements_on_the_sources_page(forms, client, staff, sqlite_source_path):
    source = configure_sqlite(sqlite_source_path)
    staff("admin")
    sign_in(forms, email="admin@example.org")
    page = client.get("/staff/sources").get_data(as_text=True)
    fields = {
        "name": "all notes",
        "right": "erasure",
        "identifier": "email",
        "statement": "DELETE FROM notes",
    }
    data = {**hidden_fields(page), **{f"c{source.id}-{k}": v for k, v in fields.items()}}
    refused = client.post(f"/staff/sources/{source.id}/changes", data=data)
    assert refused.status_code == 400 and "with a WHERE clause" in refused.get_data(as_text=True)
    data[f"c{source.id}-statement"] = "DELETE FROM customers WHERE email = :email"
    assert client.post(f"/staff/sources/{source.id}/changes", data=data).status_code == 302
    assert "DELETE FROM customers WHERE email = :email" in client.get("/staff/sources").get_data(as_text=True)
