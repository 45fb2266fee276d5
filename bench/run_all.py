"""Every benchmark of "Performance at scale" in one run, then one table (bench/table.py): what was
measured, the baseline measured in the same run, the ratio, the goal and whether it is met
(``make bench``). The behaviours in that table and the test suite's time come from bench/checks.py.

    .venv/bin/python bench/run_all.py                  # 100,000 and 1,000,000 cases
    SMALL=1 .venv/bin/python bench/run_all.py          # 10,000 cases, a quick check
    BENCH_PG_URL=postgresql+psycopg://postgres@127.0.0.1/bench_scale make bench   # PostgreSQL too

Each benchmark runs as its own process (its output is shown as it runs) and hands its figures to
this script through a results file (bench/results.py). The databases they use are emptied first:
never point BENCH_PG_URL at a real one. With BENCH_PG_URL the public form is also measured on
PostgreSQL with mail jobs queued on a Redis server started here (redis-server on PATH).
Times depend on the machine and on what else runs on it: the load average is printed with the table.
Not part of the test suite: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from table import markdown

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"


def sizes() -> list[int]:
    return [10_000] if os.environ.get("SMALL") else [100_000, 1_000_000]


def step(results: Path, script: str, *args: str) -> None:
    print(f"\n$ bench/{script} {' '.join(args)}", flush=True)
    env = {**os.environ, "BENCH_RESULTS": str(results)}
    code = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=ROOT, env=env).returncode
    if code:
        print(f"bench/{script} failed with exit code {code}", flush=True)


def redis_server() -> tuple[subprocess.Popen | None, str]:
    if not shutil.which("redis-server"):
        return None, ""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def run_everything(results: Path) -> None:
    small = bool(os.environ.get("SMALL"))
    pg_url = os.environ.get("BENCH_PG_URL", "")
    sqlite_url = f"sqlite:///{Path(tempfile.gettempdir()) / 'bench_scale.db'}"
    step(results, "sweep_scale.py", "--cases", *map(str, sizes()), "--database-url", sqlite_url)
    for count in sizes():
        step(results, "queue_100k.py", "--cases", str(count), "--database-url", sqlite_url)
        if pg_url:
            step(results, "queue_100k.py", "--cases", str(count), "--database-url", pg_url)
    seconds = "5" if small else "15"
    step(results, "intake_burst.py", "--seconds", seconds, "--database-url", sqlite_url)
    if pg_url:
        redis, redis_url = redis_server()
        try:
            extra = ["--redis-url", redis_url] if redis_url else []
            step(results, "intake_burst.py", "--seconds", seconds, "--database-url", pg_url, *extra)
        finally:
            if redis:
                redis.terminate()
                redis.wait()
    step(results, "mail_burst.py", "--submissions", "200" if small else "2400", "--every", "100")
    step(results, "export_1m.py", "--rows", "100000" if small else "1000000", "--repeat", "3")
    step(results, "inspect_ids.py", "--quick", "--isolated", "3" if small else "6")
    step(results, "checks.py", "--suite", *(["--database-url", pg_url] if pg_url else []))


def rows_of(results: Path) -> list[dict]:
    if not results.exists():
        return []
    return [json.loads(line) for line in results.read_text().splitlines() if line.strip()]


def machine() -> str:
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average {load} (1/5/15 min)"


def print_table(figures: list[dict], started: str) -> None:
    print(f"\nstarted {started}\nended   {machine()}")
    print(markdown(figures))


def main() -> None:
    started = machine()
    results = Path(tempfile.mkdtemp(prefix="bench-results-")) / "results.jsonl"
    if len(sys.argv) > 1:  # print the table of an earlier run's results file
        results = Path(sys.argv[1])
    else:
        print(f"figures go to {results} (bench/run_all.py {results} prints their table again)", flush=True)
        run_everything(results)
    print_table(rows_of(results), started)


if __name__ == "__main__":
    main()
