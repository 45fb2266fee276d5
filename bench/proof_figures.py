"""Timings of the proof pages on a large trail: audit trail pages, chain check, export, reports, purge.

    .venv/bin/python bench/proof_figures.py                    # 50,000 audit entries, 2,000 cases
    .venv/bin/python bench/proof_figures.py --entries 200000 --cases 5000
    DSAR_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/proof_figures.py   # an empty database

Builds a fresh database through the migrations (a temporary SQLite file unless DSAR_DATABASE_URL is
set), fills it, then prints the time of each operation (median of 5 runs for the pages)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import time_machine  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from dsar import create_app  # noqa: E402
from dsar.accounts.service import create_staff  # noqa: E402
from dsar.cases.service import NewRequest, open_case  # noqa: E402
from dsar.core import audit  # noqa: E402
from dsar.core.db import db  # noqa: E402


def build_app(tmp: Path):
    url = os.environ.get("DSAR_DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}"
    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 40,
            "AUDIT_KEY": "bench-audit-" + "y" * 40,
            "DATABASE_URL": url,
            "JOB_RUNNER": "manual",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )


def fill(entries: int, cases: int) -> None:
    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    for i in range(cases):
        received = start + timedelta(hours=7 * i)
        request = NewRequest(
            rights={"access": {}}, name="Bench", email="b@example.org", language="en", received_at=received
        )
        case = open_case(request, "BE")
        case.answered_at = received + timedelta(days=10 + i % 30)
        case.closed_at = case.answered_at + timedelta(days=1)
        case.state = "closed"
        if i % 200 == 0:
            db.session.commit()
    db.session.commit()
    for i in range(entries):
        audit.record("case.viewed", actor_id=1, case_id=1 + i % max(cases, 1))
        if i % 1000 == 999:
            db.session.commit()
    db.session.commit()


def timed(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp))
        with app.app_context():
            upgrade()
            create_staff("dpo@example.org", "Dpo", "dpo", "correct horse battery")
            db.session.commit()
            began = time.perf_counter()
            fill(args.entries, args.cases)
            total = db.session.scalar(db.select(db.func.count(audit.AuditEntry.id)))
            spent = time.perf_counter() - began
            print(f"filled {total} audit entries and {args.cases} cases in {spent:.1f} s")
        report(app, args)


def report(app, args) -> None:
    client = app.test_client()
    client.post("/staff/login", data={"email": "dpo@example.org", "password": "correct horse battery"})
    deep = "/staff/audit/?before=50&action=case."
    pages = {
        "audit trail, first page": "/staff/audit/",
        "audit trail, one case": "/staff/audit/?case=XXXX-XXXX",
        "audit trail, one day a year back": "/staff/audit/?since=2024-06-01&until=2024-06-01",
        "audit trail, oldest page (keyset)": deep,
        "reports, last 12 months": "/staff/reports/",
        "reports, 3 years": "/staff/reports/?since=2024-01-01",
    }
    for label, path in pages.items():
        seconds = timed(lambda path=path: _ok(client.get(path)))
        print(f"{label:40s} {seconds * 1000:8.1f} ms (median of 5)")
    seconds = timed(lambda: _ok(client.post("/staff/audit/verify")), runs=1)
    print(f"{'chain check, whole trail':40s} {seconds:8.2f} s")
    seconds = timed(lambda: _ok(client.get("/staff/audit/export.jsonl")), runs=1)
    print(f"{'JSON-lines export, whole trail':40s} {seconds:8.2f} s")
    runner = app.test_cli_runner()
    began = time.perf_counter()
    with time_machine.travel(datetime(2040, 1, 1, tzinfo=UTC), tick=True):
        output = runner.invoke(args=["dsar", "purge"]).output.strip().splitlines()[-1]
    seconds = time.perf_counter() - began
    per_case = seconds / args.cases * 1000
    print(f"{'purge of every case':40s} {seconds:8.2f} s ({output}, {per_case:.1f} ms per case)")


def _ok(response) -> None:
    response.get_data()
    if response.status_code != 200:
        raise SystemExit(f"unexpected status {response.status_code}")


if __name__ == "__main__":
    main()
