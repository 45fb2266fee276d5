"""Figures a benchmark hands to ``bench/run_all.py`` (``make bench``): one JSON line per result,
appended to the file named by BENCH_RESULTS. Run on its own, a benchmark only prints."""

from __future__ import annotations

import json
import os


def report(workload: str, **figures) -> None:
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"workload": workload, **figures}) + "\n")
