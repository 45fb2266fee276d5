"""The table ``make bench`` prints: per figure the workload, what was measured, the baseline measured
in the same run, the ratio, the goal of "Performance at scale" and whether the figure meets it.

Each benchmark hands its figures over as JSON lines (bench/results.py); one function per kind of
figure turns them into a row. A figure that misses its goal says "no", never a rounded "yes".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    workload: str
    measured: str
    baseline: str
    ratio: str
    goal: str
    met: bool

    def cells(self) -> tuple[str, ...]:
        return (
            self.workload,
            self.measured,
            self.baseline,
            self.ratio,
            self.goal,
            "yes" if self.met else "**no**",
        )


HEADER = ("Workload", "Measured", "Baseline, same run", "Ratio", "Goal", "Met")

SWEEP_BACKLOG_SECONDS_PER_100K = 60  # linear: 100,000 open cases with ~50,000 notices in 60 s
SWEEP_STEADY_SECONDS, SWEEP_STEADY_MB = 10, 300  # 1,000,000 open cases
QUEUE_P95_MS = 30
INTAKE_SHARE_OF_GAIN, INTAKE_TIMES_SLOWER = 0.8, 8
MAIL_DRAIN_SECONDS, MAIL_JOBS_PER_MAIL = 60, 1.05
EXPORT_TIMES_CLI, EXPORT_GROWTH_MIB = 3, 64  # "memory flat": the peak stays near the loaded portal
INSPECTION_SECONDS, INSPECTION_MIB = 3, 600
TEST_SUITE_SECONDS = 180


def sweep(f: dict) -> Row | None:
    if f.get("code") != "this":
        return None
    cpu = f" ({f['cpu_seconds']:.1f} s CPU)" if f.get("cpu_seconds") is not None else ""
    measured = f"{f['seconds']:.1f} s{cpu}, {f['peak_mb']:.0f} MB peak"
    if f["workload"] == "sweep backlog":
        limit = SWEEP_BACKLOG_SECONDS_PER_100K * f["cases"] / 100_000
        goal, met = f"linear: under {limit:.0f} s", f["seconds"] < limit
    else:
        goal = f"under {SWEEP_STEADY_SECONDS} s and {SWEEP_STEADY_MB} MB"
        met = f["seconds"] < SWEEP_STEADY_SECONDS and f["peak_mb"] < SWEEP_STEADY_MB
    return Row(
        f"{f['workload']}, {f['cases']:,} open cases, {f['notices']:,} notices",
        measured,
        f"one SQL query for the due cases: {f['baseline_ms']:.0f} ms",
        f"{f['seconds'] * 1000 / f['baseline_ms']:.0f}x",
        goal,
        met,
    )


def queue(f: dict, figures: list[dict]) -> Row:
    base = next(
        (
            b["p95_ms"]
            for b in figures
            if b["workload"] == "queue baseline"
            and b["database"] == f["database"]
            and b["cases"] == f["cases"]
        ),
        math.nan,
    )
    cpu = f", {f['cpu_ms']:.1f} ms CPU per page" if f.get("cpu_ms") is not None else ""
    return Row(
        f"queue, {f['page']}, {f['cases']:,} cases, {f['database']}",
        f"p95 {f['p95_ms']:.1f} ms (median {f['median_ms']:.1f}){cpu}",
        f"raw keyset SQL p95 {base:.1f} ms",
        f"{f['p95_ms'] / base:.1f}x",
        f"p95 under {QUEUE_P95_MS} ms",
        f["p95_ms"] < QUEUE_P95_MS,
    )


def intake(f: dict) -> Row:
    backend = f["database"] + (" + Redis" if f["redis"] else "")
    if f["redis"]:  # the production layout: the goal is how it scales and how close it stays
        goal = f"0 errors; {INTAKE_SHARE_OF_GAIN:.0%} of the bare gain; within {INTAKE_TIMES_SLOWER}x"
        met = (
            f["errors"] == 0
            and f["share_of_gain"] >= INTAKE_SHARE_OF_GAIN
            and f["times_slower"] <= INTAKE_TIMES_SLOWER
        )
    else:  # SQLite has one writer: the goal is that nobody is turned away
        goal, met = "0 errors", f["errors"] == 0
    return Row(
        f"public form, gunicorn 2x4, {backend}, 1 / 8 connections",
        f"{f['one']:.1f} / {f['eight']:.1f} req/s, {f['errors']} errors",
        f"bare Flask INSERT {f['bare_one']:.1f} / {f['bare_eight']:.1f} req/s",
        f"{f['share_of_gain']:.0%} of its gain; {f['times_slower']:.1f}x slower",
        goal,
        met,
    )


def mail(f: dict) -> Row | None:
    if f.get("code") != "this":
        return None
    per_mail = f["jobs"] / f["mails"]
    return Row(
        f"mail after a burst of {f['mails']:,} submissions",
        f"{per_mail:.3f} jobs per mail, all out {f['drain_seconds']:.0f} s after the burst",
        "1 job per mail",
        f"{per_mail:.3f}x",
        f"at most {MAIL_JOBS_PER_MAIL} jobs per mail; out within {MAIL_DRAIN_SECONDS} s",
        per_mail <= MAIL_JOBS_PER_MAIL and f["drain_seconds"] <= MAIL_DRAIN_SECONDS,
    )


def export(f: dict) -> Row:
    cpu = bool(f.get("cpu_seconds") and f.get("baseline_cpu_seconds"))
    ratio = f["seconds"] / f["baseline_seconds"]
    growth = f["peak_mib"] - f["before_mib"]
    return Row(
        f"export of {f['rows']:,.0f} rows",
        f"{f['seconds']:.1f} s"
        + (f" ({f['cpu_seconds']:.1f} s CPU)" if cpu else "")
        + f", peak {f['peak_mib']:.0f} MiB ({f['before_mib']:.0f} before the first row)",
        f"sqlite3 -csv + zip {f['baseline_seconds']:.1f} s"
        + (f" ({f['baseline_cpu_seconds']:.1f} s CPU)" if cpu else ""),
        f"{ratio:.1f}x" + (f" ({f['cpu_seconds'] / f['baseline_cpu_seconds']:.1f}x CPU)" if cpu else ""),
        f"at most {EXPORT_TIMES_CLI}x; memory flat (under {EXPORT_GROWTH_MIB} MiB growth)",
        ratio <= EXPORT_TIMES_CLI and growth < EXPORT_GROWTH_MIB,
    )


def inspection(f: dict) -> Row:
    return Row(
        f"ID-copy inspection, {f['images']} images in the sandbox",
        f"median {f['median_seconds']:.1f} s, peak {f['peak_mib']:.0f} MiB"
        f" (in-process, models loaded: {f['warm_median_seconds']:.1f} s)",
        f"a fresh interpreter per image: {f['fresh_median_seconds']:.1f} s, {f['fresh_peak_mib']:.0f} MiB",
        f"{f['median_seconds'] / f['fresh_median_seconds']:.2f}x",
        f"median under {INSPECTION_SECONDS} s, under {INSPECTION_MIB} MiB, isolated",
        f["median_seconds"] < INSPECTION_SECONDS and f["peak_mib"] < INSPECTION_MIB,
    )


def check(f: dict) -> Row:
    """A behaviour, not a speed: the tests that prove it, run in the same ``make bench``."""
    outcome = "holds" if f["passed"] else "does not hold"
    return Row(
        f["what"],
        f"{outcome}: {f['tests']} ({f['summary']})",
        "-",
        "-",
        f["goal"],
        bool(f["passed"]),
    )


def test_suite(f: dict) -> Row:
    return Row(
        f"test suite on {f['database']}, without the end-to-end journeys",
        f"{f['seconds']:.0f} s, {f['summary']}",
        "-",
        "-",
        f"under {TEST_SUITE_SECONDS // 60} min on a quiet machine",
        f["passed"] and f["seconds"] < TEST_SUITE_SECONDS,
    )


ROWS: dict[str, Callable[[dict], Row | None]] = {
    "sweep backlog": sweep,
    "sweep steady": sweep,
    "intake": intake,
    "mail": mail,
    "export": export,
    "inspection": inspection,
    "check": check,
    "test suite": test_suite,
}


def rows(figures: list[dict]) -> list[Row]:
    made = []
    for f in figures:
        if f["workload"] == "queue":
            made.append(queue(f, figures))
        elif f["workload"] in ROWS:
            made.append(ROWS[f["workload"]](f))
    return [row for row in made if row is not None]


def markdown(figures: list[dict]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows(figures)]
    return "\n".join(lines)
