"""The rows of "Performance at scale" that are behaviours rather than speeds, and the test suite's own
time, measured in the same ``make bench`` as the figures.

    .venv/bin/python bench/checks.py                      # the behaviours
    .venv/bin/python bench/checks.py --suite              # and the suite on SQLite, timed
    .venv/bin/python bench/checks.py --suite --database-url postgresql+psycopg://...   # and on PostgreSQL

A behaviour holds when the tests that prove it pass. The suite is timed without the end-to-end
journeys (the deployed processes and the browser), as ``make test`` runs that part: two processes,
``pytest -n 2 --dist loadfile -m "not deployed and not browser"``. On PostgreSQL it runs what the
PostgreSQL pass of the CI runs (the tests that touch a database).
The PostgreSQL database given is emptied by the tests: never point it at a real one.
Not part of the test suite: times are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402

BEHAVIOURS = [
    (
        "without Redis, the periodic tick",
        "one tick at a time across processes (a database lease)",
        ["tests/core/test_periodic_lease.py"],
    ),
    (
        "a sweep cut off half-way (SQLite)",
        "leaves nothing behind; the next sweep raises every notice",
        [
            "tests/cases/test_sweep.py::test_a_sweep_cut_off_half_way_leaves_nothing_behind_and_the_next_one_raises_it_all",
            "tests/core/test_sqlite_transactions.py",
        ],
    ),
]
SUITE = ["-n", "2", "--dist", "loadfile", "-m", "not deployed and not browser"]  # as `make test` runs it
SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).*?) in [\d.]+s", re.M)


def pytest(args: list[str], env: dict | None = None) -> tuple[bool, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        # Without BENCH_RESULTS: the README's benchmark lines that the suite runs, at a tiny size,
        # would add their figures to this run's table.
        env={**{k: v for k, v in os.environ.items() if k != "BENCH_RESULTS"}, **(env or {})},
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    found = SUMMARY.findall(done.stdout)
    summary = found[-1] if found else f"pytest ended with exit code {done.returncode}"
    return done.returncode == 0, summary, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="store_true", help="also time the test suite")
    parser.add_argument("--database-url", default="", help="also time the suite on this PostgreSQL database")
    args = parser.parse_args()
    env = {"DSAR_TEST_DATABASE_URL": ""}  # the behaviours on SQLite, whatever the shell says
    for what, goal, tests in BEHAVIOURS:
        passed, summary, _seconds = pytest(tests, env)
        print(f"{what}: {'holds' if passed else 'DOES NOT HOLD'} ({summary})", flush=True)
        report(
            "check",
            what=what,
            goal=goal,
            tests=", ".join(Path(t.split("::")[0]).name for t in tests),
            passed=passed,
            summary=summary,
        )
    if not args.suite:
        return
    suites = [("SQLite", {"DSAR_TEST_DATABASE_URL": ""})]
    if args.database_url:
        suites.append(("PostgreSQL", {"DSAR_TEST_DATABASE_URL": args.database_url}))
    for name, suite_env in suites:
        passed, summary, seconds = pytest(SUITE, suite_env)
        print(f"test suite on {name}: {seconds:.0f} s, {summary}", flush=True)
        report("test suite", database=name, seconds=seconds, passed=passed, summary=summary)


if __name__ == "__main__":
    main()
