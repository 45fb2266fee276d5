"""The queue's queries keep their plan when most cases are closed: SQLite's planner, with the
statistics the periodic task gives it, finds a searched address through the e-mail index instead of
walking every open case in due-date order (0.9 s a page at a million cases)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, text

from dsar.cases import queue
from dsar.cases.models import Case
from dsar.core.db import db, refresh_planner_statistics
from workflows.deadlines import RULES_VERSION

CASES = 3000


def many_cases_mostly_closed() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    rows = []
    for n in range(1, CASES + 1):
        received = start + timedelta(minutes=n)
        due = (received + timedelta(days=30)).date()
        closed = n % 3 != 0  # two in three closed, each at its own moment
        rows.append(
            {
                "public_id": uuid.uuid4().hex,
                "reference": f"2026-{n:04d}",
                "state": "closed" if closed else "in_progress",
                "role": "controller",
                "channel": "web",
                "language": "en",
                "received_at": received,
                "receipt_date": received.date(),
                "holiday_country": "BE",
                "calendar_version": "test",
                "rules_version": RULES_VERSION,
                "one_month_due": due,
                "extended_due": due + timedelta(days=61),
                "sla_target": due,
                "due_date": due,
                "paused_days": 0,
                "requester_name": f"Person {n}",
                "requester_email": f"person{n % 250}@example.org",  # each address twelve times
                "on_behalf": False,
                "verification_level": 2,
                "created_at": received,
                "closed_at": start + timedelta(days=40, hours=n // 6) if closed else None,
            }
        )
    db.session.execute(insert(Case), rows)
    db.session.commit()


def plan_of(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "\n".join(str(row[-1]) for row in rows)


def test_a_search_by_address_uses_the_address_index_when_most_cases_are_closed(make_app):
    app = make_app()
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's planner; PostgreSQL keeps the share of empty closed_at in its statistics")
        many_cases_mostly_closed()
        refresh_planner_statistics()
        assert db.session.execute(text("SELECT count(*) FROM sqlite_stat1")).scalar() > 0

        search = queue.open_cases(queue.QueueFilter(search="Person42@example.org"), date(2026, 3, 2))
        assert "ix_case_requester_email_lower" in plan_of(queue.page(search, None, 50))
        everything = queue.open_cases(queue.QueueFilter(), date(2026, 3, 2))
        assert "ix_case_open_due" in plan_of(queue.page(everything, (date(2026, 2, 20), 1500), 50))
        db.session.remove()
