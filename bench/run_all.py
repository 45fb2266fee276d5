"""Every benchmark of "Performance at scale" in one run, then one table: the goal, what was measured,
the baseline measured in the same run, and the ratio (``make bench``).

    .venv/bin/python bench/run_all.py                  # 100,000 and 1,000,000 cases (hours)
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


def rows_of(results: Path) -> list[dict]:
    if not results.exists():
        return []
    return [json.loads(line) for line in results.read_text().splitlines() if line.strip()]


def table(figures: list[dict]) -> list[tuple[str, str, str, str]]:
    """(workload, measured, baseline in the same run, ratio) per figure."""
    lines = []
    for f in figures:
        kind = f["workload"]
        if kind.startswith("sweep") and f.get("code") == "this":
            cpu = f" ({f['cpu_seconds']:.1f} s CPU)" if f.get("cpu_seconds") is not None else ""
            lines.append(
                (
                    f"{kind}, {f['cases']:,} open cases, {f['notices']:,} notices",
                    f"{f['seconds']:.1f} s{cpu}, {f['peak_mb']:.0f} MB",
                    f"one SQL query: {f['baseline_ms']:.0f} ms",
                    f"{f['seconds'] * 1000 / f['baseline_ms']:.0f}x",
                )
            )
        elif kind == "queue":
            base = next(
                (
                    b["p95_ms"]
                    for b in figures
                    if b["workload"] == "queue baseline"
                    and b["database"] == f["database"]
                    and b["cases"] == f["cases"]
                ),
                float("nan"),
            )
            lines.append(
                (
                    f"queue {f['page']}, {f['cases']:,} cases, {f['database']}",
                    f"p95 {f['p95_ms']:.0f} ms"
                    + (f", {f['cpu_ms']:.1f} ms CPU per page" if f.get("cpu_ms") is not None else ""),
                    f"raw keyset SQL p95 {base:.1f} ms",
                    f"{f['p95_ms'] / base:.0f}x",
                )
            )
        elif kind == "intake":
            backend = f["database"] + (" + Redis" if f["redis"] else "")
            lines.append(
                (
                    f"public form, gunicorn 2x4, {backend}, 1 / 8 connections",
                    f"{f['one']:.1f} / {f['eight']:.1f} req/s, {f['errors']} errors",
                    f"bare Flask INSERT {f['bare_one']:.1f} / {f['bare_eight']:.1f} req/s",
                    f"{f['share_of_gain']:.0%} of its gain; {f['times_slower']:.1f}x slower",
                )
            )
        elif kind == "mail" and f.get("code") == "this":
            lines.append(
                (
                    f"mail after a burst of {f['mails']} submissions",
                    f"{f['jobs'] / f['mails']:.3f} jobs per mail, all out {f['drain_seconds']:.0f} s after",
                    "1 job per mail",
                    f"{f['jobs'] / f['mails']:.3f}x",
                )
            )
        elif kind == "export":
            cpu = f.get("cpu_seconds") and f.get("baseline_cpu_seconds")
            lines.append(
                (
                    f"export of {f['rows']:,.0f} rows",
                    f"{f['seconds']:.1f} s"
                    + (f" ({f['cpu_seconds']:.1f} s CPU)" if cpu else "")
                    + f", peak {f['peak_mib']:.0f} MiB ({f['before_mib']:.0f} before)",
                    f"sqlite3 -csv + zip {f['baseline_seconds']:.1f} s"
                    + (f" ({f['baseline_cpu_seconds']:.1f} s CPU)" if cpu else ""),
                    f"{f['seconds'] / f['baseline_seconds']:.1f}x"
                    + (f" ({f['cpu_seconds'] / f['baseline_cpu_seconds']:.1f}x CPU)" if cpu else ""),
                )
            )
        elif kind == "inspection":
            lines.append(
                (
                    f"ID-copy inspection, {f['images']} images in the sandbox",
                    f"median {f['median_seconds']:.1f} s, peak {f['peak_mib']:.0f} MiB"
                    f" (in-process, models loaded: {f['warm_median_seconds']:.1f} s)",
                    f"a fresh interpreter per image: {f['fresh_median_seconds']:.1f} s,"
                    f" {f['fresh_peak_mib']:.0f} MiB",
                    f"{f['median_seconds'] / f['fresh_median_seconds']:.2f}x",
                )
            )
    return lines


def print_table(figures: list[dict]) -> None:
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average {load} (1/5/15 min)"
    )
    rows = [("Workload", "Measured", "Baseline, same run", "Ratio"), *table(figures)]
    print("\n".join("| " + " | ".join(row) + " |" for row in rows[:1]))
    print("|---|---|---|---|")
    print("\n".join("| " + " | ".join(row) + " |" for row in rows[1:]))


def main() -> None:
    results = Path(tempfile.mkdtemp(prefix="bench-results-")) / "results.jsonl"
    if len(sys.argv) > 1:  # print the table of an earlier run's results file
        results = Path(sys.argv[1])
    else:
        run_everything(results)
    print_table(rows_of(results))


if __name__ == "__main__":
    main()
