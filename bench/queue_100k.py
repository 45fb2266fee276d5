"""Benchmark of the work queue with 100,000 cases: median and 95th percentile per page type.

    .venv/bin/python bench/queue_100k.py                                   # SQLite file in /tmp
    .venv/bin/python bench/queue_100k.py --database-url postgresql+psycopg://u:pw@host/db

The database is emptied (SQLite: the file is replaced; PostgreSQL: the public schema is dropped),
migrated and filled with bulk inserts: dates spread over the last 150 days with the real deadline
arithmetic, every state (about a third closed), one to three rights, controller and processor
cases for a few clients, some assigned, some repeated requesters. Then the queue is requested
through the Flask test client, signed in as a handler: the first page, a filtered page, a deep page
(keyset cursor past most open cases) and a search by e-mail, each --runs times after a warm-up.
Not part of the test suite: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402
from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from dsar import create_app  # noqa: E402
from dsar.accounts.service import create_staff  # noqa: E402
from dsar.cases.models import Case, SubRequest  # noqa: E402
from dsar.controllers.models import ClientController  # noqa: E402
from dsar.core.db import db  # noqa: E402
from tests.support.forms import FormClient  # noqa: E402
from tests.support.signin import sign_in  # noqa: E402
from workflows.deadlines import (  # noqa: E402
    RULES_VERSION,
    Calendar,
    extended_due,
    forward_due,
    receipt_date,
    response_due,
    sla_target,
)

STATES = {  # state -> share of all cases
    "closed": 0.33,
    "answered": 0.05,
    "in_progress": 0.25,
    "awaiting_verification": 0.12,
    "awaiting_information": 0.05,
    "extended": 0.05,
    "forwarded": 0.10,
    "received": 0.05,
}
RIGHTS = [
    "access",
    "erasure",
    "rectification",
    "objection",
    "portability",
    "restriction",
    "consent_withdrawal",
]
RIGHT_WEIGHTS = [40, 25, 8, 12, 5, 4, 6]
PASSWORD = "bench password 123"


def reset_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_app(url: str):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "AUDIT_KEY": "bench-audit-" + "y" * 32,
            "DATABASE_URL": url,
            "JOB_RUNNER": "manual",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "DEFAULT_LANGUAGE": "en",
            "UPLOAD_DIR": tempfile.mkdtemp(prefix="queue-bench-"),
        }
    )


def case_row(n: int, now: datetime, rng: random.Random, cal: Calendar, staff_ids, clients) -> dict:
    received = now - timedelta(minutes=rng.randrange(150 * 24 * 60))
    state = rng.choices(list(STATES), weights=list(STATES.values()))[0]
    processor = state == "forwarded" or (state != "extended" and rng.random() < 0.1)
    one_month = response_due(received, cal)
    return {
        "id": n,
        "public_id": uuid.uuid4().hex,
        "reference": f"{n // 10000:04d}-{n % 10000:04d}",
        "state": state,
        "role": "processor" if processor else "controller",
        "client_controller_id": rng.choice(clients) if processor else None,
        "channel": rng.choice(["web"] * 8 + ["email", "letter"]),
        "language": rng.choice(["nl", "fr", "en"]),
        "received_at": received,
        "receipt_date": receipt_date(received),
        "holiday_country": "BE",
        "calendar_version": cal.version,
        "rules_version": RULES_VERSION,
        "one_month_due": one_month,
        "extended_due": extended_due(received, cal),
        "sla_target": sla_target(received, cal),
        "forward_by": forward_due(received, cal) if processor else None,
        "due_date": extended_due(received, cal) if state == "extended" else one_month,
        "paused_days": 0,
        "requester_name": f"Person {n}",
        # About one requester in ten comes back: the e-mail search finds a few cases.
        "requester_email": f"person{rng.randrange(90000)}@example.org",
        "on_behalf": False,
        "verification_level": 2,
        "created_at": received,
        "closed_at": received + timedelta(days=20) if state == "closed" else None,
        "assignee_id": rng.choice(staff_ids) if rng.random() < 0.5 else None,
    }


def fill(app, count: int, seed: int) -> None:
    rng, now, cal = random.Random(seed), datetime.now(UTC), Calendar.for_country("BE")
    with app.app_context():
        staff = [create_staff("handler@example.org", "Hanna Handler", "handler", PASSWORD)]
        staff += [create_staff(f"h{i}@example.org", f"Handler {i}", "handler", PASSWORD) for i in range(4)]
        clients = [
            ClientController(name=f"Client {i}", contact_emails=[f"c{i}@example.org"]) for i in range(5)
        ]
        db.session.add_all(clients)
        db.session.flush()
        staff_ids, client_ids = [s.id for s in staff], [c.id for c in clients]
        sub_id = 1
        for start in range(1, count + 1, 5000):
            cases, subs = [], []
            for n in range(start, min(start + 5000, count + 1)):
                cases.append(case_row(n, now, rng, cal, staff_ids, client_ids))
                for right in set(rng.choices(RIGHTS, weights=RIGHT_WEIGHTS, k=rng.choice([1, 1, 1, 2, 3]))):
                    subs.append({"id": sub_id, "case_id": n, "right": right, "details": {}, "record": {}})
                    sub_id += 1
            db.session.execute(insert(Case), cases)
            db.session.execute(insert(SubRequest), subs)
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # planner statistics, as a live database has them
        db.session.commit()


def deep_cursor(app) -> str:
    """A cursor past 90 % of the open cases, as if someone clicked "Next" hundreds of times."""
    with app.app_context():
        open_count = db.session.scalar(select(db.func.count(Case.id)).where(Case.closed_at.is_(None)))
        row = db.session.execute(
            select(Case.due_date, Case.id)
            .where(Case.closed_at.is_(None))
            .order_by(Case.due_date, Case.id)
            .offset(int(open_count * 0.9))
            .limit(1)
        ).one()
        return f"{row.due_date.isoformat()}.{row.id}"


def keyset_baseline(url: str, cursor: str, runs: int) -> list[float]:
    """The least a deep page must do: one keyset query for 50 open cases after the cursor, in the
    shape the queue uses (a row comparison, which both databases read as one index range)."""
    due, case_id = cursor.split(".")
    engine = create_engine(url)
    query = text(
        'SELECT id, reference, state, due_date FROM "case" WHERE closed_at IS NULL '
        "AND (due_date, id) > (:due, :id) ORDER BY due_date, id LIMIT 50"
    )
    timings = []
    with engine.connect() as connection:
        for _ in range(runs + 2):
            started = time.perf_counter()
            connection.execute(query, {"due": date.fromisoformat(due), "id": int(case_id)}).all()
            timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return timings[2:]


def measure(client, url: str, runs: int) -> tuple[list[float], float]:
    """Wall milliseconds per request, and the CPU milliseconds per request (this process: the
    page and, on SQLite, the query), which a loaded machine does not stretch."""
    for _ in range(2):  # warm-up: templates compiled, caches filled
        assert client.get(url).status_code == 200
    timings, cpu = [], time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings, (time.process_time() - cpu) * 1000 / runs


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_url = f"sqlite:///{Path(tempfile.gettempdir()) / 'queue_bench.db'}"
    parser.add_argument("--database-url", default=default_url)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    reset_database(args.database_url)
    app = build_app(args.database_url)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    started = time.perf_counter()
    fill(app, args.cases, args.seed)
    backend = args.database_url.split(":")[0]
    print(f"filled {args.cases} cases in {time.perf_counter() - started:.1f} s ({backend})")

    pages = {
        "first page": "/staff/cases",
        "filtered": "/staff/cases?state=in_progress&right=erasure&role=controller&assignee=unassigned",
        "deep page": f"/staff/cases?after={deep_cursor(app)}",
        "search e-mail": "/staff/cases?q=Person4242@example.org",
    }
    client = app.test_client()
    with app.app_context():
        # Handlers sign in with two factors: enrol an authenticator on first sign-in, as a person does.
        login = sign_in(FormClient(client), "handler@example.org", PASSWORD)
        assert login.status_code in (200, 302), login.status_code  # 200: the recovery codes, shown once
        assert client.get("/staff/cases").status_code == 200, "not signed in"
        print(f"{'page':<15} {'median ms':>10} {'p95 ms':>10} {'CPU ms':>10}   ({args.runs} runs each)")
        for name, url in pages.items():
            timings, cpu_ms = measure(client, url, args.runs)
            print(f"{name:<15} {statistics.median(timings):>10.1f} {p95(timings):>10.1f} {cpu_ms:>10.1f}")
            report(
                "queue",
                page=name,
                database=backend.split("+")[0],
                cases=args.cases,
                median_ms=statistics.median(timings),
                p95_ms=p95(timings),
                cpu_ms=cpu_ms,
            )
        raw = keyset_baseline(args.database_url, deep_cursor(app), args.runs)
        print(f"{'raw keyset SQL':<15} {statistics.median(raw):>10.1f} {p95(raw):>10.1f}   (baseline)")
        report("queue baseline", database=backend.split("+")[0], cases=args.cases, p95_ms=p95(raw))
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
