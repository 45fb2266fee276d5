"""Benchmark of the deadline sweep with 10,000 and 100,000 open cases (or any --cases).

    .venv/bin/python bench/sweep_scale.py                                  # SQLite file in /tmp
    .venv/bin/python bench/sweep_scale.py --cases 10000 100000 --database-url postgresql+psycopg://...
    .venv/bin/python bench/sweep_scale.py --cases 10000 --before /tmp/main-tree   # older code too

For each size the database is emptied, migrated and filled with open cases received over the last
40 days (the real deadline arithmetic, Belgian calendar), so about a quarter are overdue and a
quarter inside a reminder window: the first sweep after the fill is a backlog (about half the cases
get a notice), the second one is the steady state (nothing new). Each sweep runs in a child process
so its wall time and peak memory (ru_maxrss) are its own.

The baseline, measured in the same run on the same database: one SQL query listing the open cases
due within the reminder horizon (the least any sweep must do). The ratio is sweep time / baseline.
With --before DIR the same sweeps also run with the code found in DIR (for example an exported
older commit), on a freshly filled database of the same seed.
Not part of the test suite: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402


def build_app(url: str):
    from dsar import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "AUDIT_KEY": "bench-audit-" + "y" * 32,
            "DATABASE_URL": url,
            "JOB_RUNNER": "manual",
            "RATELIMIT_ENABLED": False,
            "DEFAULT_LANGUAGE": "en",
            "UPLOAD_DIR": tempfile.mkdtemp(prefix="sweep-bench-"),
        }
    )


def reset_database(url: str) -> None:
    from sqlalchemy import create_engine, text

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


def fill(url: str, count: int, seed: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from dsar.cases.models import Case, SubRequest
    from dsar.core.db import db
    from workflows.deadlines import RULES_VERSION, Calendar, extended_due, receipt_date, response_due

    reset_database(url)
    app = build_app(url)
    rng, now, cal = random.Random(seed), datetime.now(UTC), Calendar.for_country("BE")
    with app.app_context():
        upgrade()
        for start in range(1, count + 1, 5000):
            cases, subs = [], []
            for n in range(start, min(start + 5000, count + 1)):
                received = now - timedelta(minutes=rng.randrange(40 * 24 * 60))
                due = response_due(received, cal)
                cases.append(
                    {
                        "id": n,
                        "public_id": uuid.uuid4().hex,
                        "reference": f"{n // 10000:04d}-{n % 10000:04d}",
                        "state": rng.choice(["received", "in_progress", "awaiting_verification"]),
                        "role": "controller",
                        "channel": "web",
                        "language": rng.choice(["nl", "fr", "en"]),
                        "received_at": received,
                        "receipt_date": receipt_date(received),
                        "holiday_country": "BE",
                        "calendar_version": cal.version,
                        "rules_version": RULES_VERSION,
                        "one_month_due": due,
                        "extended_due": extended_due(received, cal),
                        "sla_target": due,
                        "due_date": due,
                        "paused_days": 0,
                        "requester_name": f"Person {n}",
                        "requester_email": f"person{n}@example.org",
                        "on_behalf": False,
                        "verification_level": 2,
                        "created_at": received,
                    }
                )
                subs.append({"id": n, "case_id": n, "right": "access", "details": {}, "record": {}})
            db.session.execute(insert(Case), cases)
            db.session.execute(insert(SubRequest), subs)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def baseline_ms(url: str) -> float:
    """One SQL query: the ids of open cases due within the 7-working-day horizon."""
    from sqlalchemy import create_engine, text

    horizon = (datetime.now(UTC) + timedelta(days=11)).date()
    engine = create_engine(url)
    with engine.connect() as connection:
        started = time.perf_counter()
        ids = connection.execute(
            text('SELECT id FROM "case" WHERE closed_at IS NULL AND due_date <= :h'), {"h": horizon}
        ).all()
        elapsed = (time.perf_counter() - started) * 1000
    engine.dispose()
    return elapsed if ids else float("nan")


def sweep_in_child(url: str, code_root: Path) -> dict:
    """Run one sweep in a fresh interpreter importing ``code_root``: its time and peak memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--database-url", url],
        cwd=code_root,
        env={"PYTHONPATH": f"{code_root}:{ROOT / 'bench'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(url: str) -> None:
    sys.path.insert(0, ".")
    from dsar.cases.sweep import sweep_deadlines
    from dsar.core.db import db
    from workflows.deadlines import Calendar

    Calendar.for_country("BE")  # loading the holidays package is start-up, not sweep work
    app = build_app(url)
    with app.app_context():
        started, cpu = time.perf_counter(), time.process_time()
        raised = sweep_deadlines()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        db.session.remove()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "raised": raised, "peak_mb": peak_mb}))


def run(url: str, count: int, seed: int, code_root: Path, label: str) -> None:
    fill(url, count, seed)
    base = baseline_ms(url)
    for phase in ("backlog", "steady"):
        result = sweep_in_child(url, code_root)
        ratio = result["seconds"] * 1000 / base
        print(
            f"{label:<7} {count:>8} {phase:<8} {result['raised']:>8} {result['seconds']:>9.2f} "
            f"{result['peak_mb']:>8.0f} {base:>11.1f} {ratio:>9.0f}x",
            flush=True,
        )
        report(
            f"sweep {phase}",
            code=label,
            cases=count,
            notices=result["raised"],
            seconds=result["seconds"],
            cpu_seconds=result.get("cpu_seconds"),
            peak_mb=result["peak_mb"],
            baseline_ms=base,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_url = f"sqlite:///{Path(tempfile.gettempdir()) / 'sweep_bench.db'}"
    parser.add_argument("--database-url", default=default_url)
    parser.add_argument("--cases", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--before", type=Path, help="also run the sweep of the code in this directory")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.database_url)
        return
    sys.path.insert(0, str(ROOT))
    print(
        f"{'code':<7} {'cases':>8} {'sweep':<8} {'notices':>8} {'seconds':>9} {'peak MB':>8} "
        f"{'baseline ms':>11} {'ratio':>10}"
    )
    for count in args.cases:
        run(args.database_url, count, args.seed, ROOT, "this")
        if args.before:
            run(args.database_url, count, args.seed, args.before, "before")


if __name__ == "__main__":
    main()
