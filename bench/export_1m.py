"""Benchmark of the bundle: one data subject with 1,000,000 rows across several datasets.

    .venv/bin/python bench/export_1m.py               # 1,000,000 rows
    .venv/bin/python bench/export_1m.py --rows 200000

A SQLite customer database is generated in a temporary directory (orders, page views, support
messages and consent events for one person, plus other people's rows that must not appear), then
configured as a data source of a fresh portal database. The export runs in a child process, so
its peak memory is measured on its own (ru_maxrss), not mixed with the data generation.

Reported: rows exported, wall and CPU time, bundle size, rows per second, the child's peak RSS and
its RSS just before the export started (the portal loaded, no rows read yet). ``--repeat N`` runs
the export and the baseline N times, one after the other, and reports the medians: on a shared
machine the CPU times are the steadier figures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402

PERSON = "bench.person@example.org"
SHARES = {"orders": 0.3, "page_views": 0.5, "messages": 0.1, "consent_events": 0.1}


def generate(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT)")
        connection.executemany(
            "INSERT INTO customers VALUES (?, ?, ?)", [(1, PERSON, "Bench Person"), (2, "x@y", "X")]
        )
        connection.execute("CREATE TABLE orders (customer_id INT, at TEXT, item TEXT, amount TEXT)")
        connection.execute("CREATE TABLE page_views (customer_id INT, at TEXT, path TEXT, agent TEXT)")
        connection.execute("CREATE TABLE messages (customer_id INT, at TEXT, body TEXT)")
        connection.execute("CREATE TABLE consent_events (customer_id INT, at TEXT, purpose TEXT, given INT)")
        samples = {
            "orders": lambda i: (f"item {i % 977}", f"{rnd.randint(100, 99999) / 100:.2f}"),
            "page_views": lambda i: (
                f"/products/{i % 5000}",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            ),
            "messages": lambda i: ("=formula? " + "a long message body " * 8,),
            "consent_events": lambda i: ("newsletter", i % 2),
        }
        for table, share in SHARES.items():
            count = int(rows * share)
            sample = samples[table]
            batch = (
                (
                    1 if i % 50 else 2,
                    f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}T10:{i % 60:02d}:00+00:00",
                    *sample(i),
                )
                for i in range(int(count * 50 / 49) + 1)
            )
            marks = ",".join("?" * (2 + len(sample(0))))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
        for table in SHARES:
            connection.execute(f"CREATE INDEX ix_{table} ON {table} (customer_id)")
    connection.close()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_dump_seconds(source_db: Path, out_dir: Path) -> tuple[float, float]:
    """The baseline: the same rows dumped by the sqlite3 command-line tool as CSV, then zipped.
    Returns (wall seconds, CPU seconds of the two tools)."""
    started, cpu = time.perf_counter(), _children_cpu()
    files = []
    for table in SHARES:
        target = out_dir / f"{table}.csv"
        query = (
            f"SELECT t.* FROM {table} t JOIN customers c ON c.id = t.customer_id WHERE c.email = '{PERSON}';"
        )
        with target.open("wb") as out:
            subprocess.run(["sqlite3", "-csv", "-header", str(source_db), query], stdout=out, check=True)
        files.append(target.name)
    subprocess.run(["zip", "-q", "baseline.zip", *files], cwd=out_dir, check=True)
    (out_dir / "baseline.zip").unlink()
    return time.perf_counter() - started, _children_cpu() - cpu


def configure(source_db: Path) -> None:
    from dsar.core.db import db
    from dsar.exports import admin

    source = admin.add_source("Bench shop", "sql", f"sqlite:///{source_db}", None, timeout=600)
    for table in SHARES:
        statement = (
            f"SELECT t.* FROM {table} t JOIN customers c ON c.id = t.customer_id WHERE c.email = :email"
        )
        admin.add_query(source, admin.QuerySpec(table, "email", statement, row_cap=5_000_000), None)
    db.session.commit()


def child(config: dict, out: str, queue) -> None:
    from dsar import create_app
    from dsar.exports.service import Progress, build_bundle

    app = create_app(config)
    with app.app_context():
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        result, _left_out = build_bundle(Path(out), {"email": PERSON}, "access", "en", "BENCH", Progress())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        rows = sum(d["rows"] for d in result.manifest["datasets"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(out).unlink()
    queue.put(
        {
            "rows": rows,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "size": result.size,
            "rss_before_kib": before,
            "peak_kib": peak,
        }
    )


def export_once(config: dict, out: Path) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=child, args=(config, str(out), queue))
    process.start()
    figures = queue.get()
    process.join()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of export and baseline; medians")
    args = parser.parse_args()
    from flask_migrate import upgrade

    from dsar import create_app

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        started = time.perf_counter()
        generate(tmp_path / "shop.db", args.rows)
        print(f"generated the source in {time.perf_counter() - started:.1f} s")
        config = {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "AUDIT_KEY": "bench-audit-" + "y" * 32,
            "JOB_RUNNER": "manual",
        }
        app = create_app(config)
        with app.app_context():
            upgrade()
            configure(tmp_path / "shop.db")
        runs, baselines = [], []
        for _ in range(args.repeat):  # alternated, so both see the same load
            runs.append(export_once(config, tmp_path / "bundle.zip"))
            baselines.append(cli_dump_seconds(tmp_path / "shop.db", tmp_path))
    figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    rows, seconds, cpu = figures["rows"], figures["seconds"], figures["cpu_seconds"]
    baseline = statistics.median(wall for wall, _cpu in baselines)
    baseline_cpu = statistics.median(cpu for _wall, cpu in baselines)
    print(f"rows exported:  {rows:,.0f}")
    print(f"time:           {seconds:.1f} s, {cpu:.1f} s CPU ({rows / seconds:,.0f} rows/s)")
    print(f"bundle size:    {figures['size'] / 1e6:.1f} MB")
    print(f"peak memory:    {figures['peak_kib'] / 1024:.0f} MiB (RSS of the exporting process)")
    print(f"before export:  {figures['rss_before_kib'] / 1024:.0f} MiB (portal loaded, no rows read)")
    print(
        f"baseline:       {baseline:.1f} s, {baseline_cpu:.1f} s CPU (sqlite3 -csv and zip);"
        f" ratio {seconds / baseline:.1f}x wall, {cpu / baseline_cpu:.1f}x CPU"
        + (f" (medians of {args.repeat} runs)" if args.repeat > 1 else "")
    )
    report(
        "export",
        rows=rows,
        seconds=seconds,
        cpu_seconds=cpu,
        baseline_seconds=baseline,
        baseline_cpu_seconds=baseline_cpu,
        peak_mib=figures["peak_kib"] / 1024,
        before_mib=figures["rss_before_kib"] / 1024,
    )


if __name__ == "__main__":
    main()
