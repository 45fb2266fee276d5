"""Benchmark of the PDF letters: time to build and render each kind, pages and size, and the worst
case of hostile input (10,000-character unbroken values in the name, the reasons and the note).

    .venv/bin/python bench/letters.py
    .venv/bin/python bench/letters.py --rounds 5

Pure rendering in-process (no database, no web request); fonts are registered once before timing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from dsar.letters.content import build  # noqa: E402
from dsar.letters.model import LetterKind, RightOutcome  # noqa: E402
from dsar.letters.render import font_files, render_pdf  # noqa: E402
from tests.letters.pdfs import INVOICING, sample_input  # noqa: E402


def measure(data, rounds: int) -> tuple[float, float, int, int]:
    """(median seconds, max seconds, pages, bytes)."""
    times, pdf = [], b""
    for _ in range(rounds):
        started = time.perf_counter()
        pdf = render_pdf(build(data))
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), len(PdfReader(io.BytesIO(pdf)).pages), len(pdf)


def hostile_input(kind: LetterKind):
    value = "<b>" + "W" * 10_000 + "</b> & \x00"
    return sample_input(
        kind,
        requester_name=value,
        outcomes=[RightOutcome("access", "Access", "refused", "Refused", "Art. 12(5) GDPR", value)],
        extension_note=value,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    render_pdf(build(sample_input(LetterKind.ACCESS)))  # register fonts outside the timing
    print(f"font: {font_files()[0].name}; {args.rounds} rounds per row")
    print(f"{'letter':<32} {'median ms':>10} {'max ms':>8} {'pages':>6} {'KiB':>6}")
    for language in ("nl", "fr", "en"):
        for kind in LetterKind:
            data = sample_input(kind, language, processing=[INVOICING] * 5)
            median, worst, pages, size = measure(data, args.rounds)
            print(
                f"{kind.value + ' ' + language:<32} {median * 1000:>10.1f} {worst * 1000:>8.1f} {pages:>6} "
                f"{size / 1024:>6.1f}"
            )
    for kind in (LetterKind.REFUSAL, LetterKind.EXTENSION):
        median, worst, pages, size = measure(hostile_input(kind), args.rounds)
        tracemalloc.start()  # a separate run: tracing slows Python down too much to time it
        render_pdf(build(hostile_input(kind)))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{'hostile 3x10k ' + kind.value:<32} {median * 1000:>10.1f} {worst * 1000:>8.1f} {pages:>6} "
            f"{size / 1024:>6.1f}  peak Python memory {peak / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
