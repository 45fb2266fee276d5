"""SQLite transactions as the portal relies on them: a savepoint inside a unit of work rolls back
with it, a form post holds the write lock from its first statement, and a page that writes after
reading never has to upgrade a stale read snapshot ("database is locked" at once)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from dsar.core.db import db, utcnow
from dsar.core.periodic import PeriodicLease


@pytest.fixture
def sqlite_app(app, database_url):
    if not database_url.startswith("sqlite:///"):
        pytest.skip("SQLite's transaction handling")
    return app


def other_connection(database_url: str) -> sqlite3.Connection:
    """A second writer that does not wait: a lock held by the portal shows as an error at once."""
    return sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)


def leases() -> int:
    return db.session.scalar(select(func.count()).select_from(PeriodicLease))


def lease(name: str) -> PeriodicLease:
    return PeriodicLease(name=name, holder="test", expires_at=utcnow() + timedelta(minutes=1))


def test_a_savepoint_opened_first_rolls_back_with_its_transaction(sqlite_app):
    """The driver used to start no transaction for a SAVEPOINT, so its RELEASE committed: a unit
    of work cut off after it (a sweep batch) left that part behind."""
    with db.session.begin_nested():
        db.session.add(lease("inside-a-savepoint"))
    db.session.add(lease("after-it"))
    db.session.flush()
    db.session.rollback()
    assert leases() == 0


def test_a_form_post_holds_the_write_lock_from_its_first_read(sqlite_app, database_url):
    with sqlite_app.test_request_context("/", method="POST"):
        assert leases() == 0  # a read only
        other = other_connection(database_url)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        db.session.rollback()
        other.execute("BEGIN IMMEDIATE")  # free again once the request's transaction ended
        other.execute("ROLLBACK")
        other.close()


def test_a_page_that_writes_after_another_writer_committed_is_not_refused(sqlite_app, database_url):
    with sqlite_app.test_request_context("/", method="GET"):
        assert leases() == 0  # a page reads: other writers are not held up by it
        other = other_connection(database_url)
        other.execute("INSERT INTO periodic_lease (name, holder, expires_at) VALUES ('x', 'y', '2026-01-01')")
        other.close()
        db.session.add(lease("written-by-a-page"))
        db.session.commit()  # a read snapshot upgraded here would be refused: "database is locked"
        assert leases() == 2
