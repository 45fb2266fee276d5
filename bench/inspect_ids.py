"""Benchmark of the ID-copy inspection: detection figures, time per image and peak memory.

    .venv/bin/python bench/inspect_ids.py            # full synthetic corpus
    .venv/bin/python bench/inspect_ids.py --quick    # a smaller corpus
    .venv/bin/python bench/inspect_ids.py --quick --limit 4   # a handful of images, to try it out

Images are generated (Belgian eID, Dutch passport and identity card; each field shown or blacked
out; flat scans, phone photos on a table at several angles as JPEG, PDFs), never real documents.

Reported:
- detection per check: found / missed / false alarms, and whether properly redacted copies pass;
- warm time per image (engines loaded, in-process): median and 95th percentile;
- isolated run per image as in production (a child forked from the sandbox server, which loaded
  the models once): median and 95th percentile time, and the child's peak RSS (the pages it shares
  with the server included);
- the same images in a fresh interpreter each (start, import, load models, decode, inspect), the
  shape before the server, as the same-run baseline, and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402

from dsar.identity import inspection, sandbox, sanitise  # noqa: E402
from tests.identity import cards  # noqa: E402

FLAG = {
    "photo": "face_visible",
    "document_number": "document_number_visible",
    "national_number": "national_number_visible",
    "mrz": "mrz_visible",
}


def corpus(quick: bool):
    angles = (-4, 6) if quick else (-8, -3, 4, 9)
    for layout in cards.LAYOUTS:
        present = set(cards.make(layout).regions)
        states = [set(), set(present)] + [{name} for name in sorted(present)]
        for shown in states:
            card = cards.make(layout, hidden=set(cards.FIELDS) - shown)
            label = "+".join(sorted(shown)) or "redacted"
            yield f"{layout}/scan/{label}", cards.to_png(card.image), shown
            if not quick:
                yield f"{layout}/pdf/{label}", cards.to_pdf(card.image), shown
            for angle in angles:
                photo = cards.phone_photo(card.image, angle=angle, seed=angle + len(shown))
                yield f"{layout}/phone{angle:+d}/{label}", cards.to_jpeg(photo, quality=75), shown


def spread(images: list, limit: int) -> list:
    """Every k-th image, so that a short run still sees each layout and kind of picture."""
    if not limit or limit >= len(images):
        return images
    return images[:: len(images) // limit][:limit]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def server_mib() -> float:
    from dsar.identity import fork_server

    status = Path(f"/proc/{fork_server._server.process.pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")) / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--isolated", type=int, default=6, help="images also run in the sandbox, both ways")
    parser.add_argument("--limit", type=int, default=0, help="inspect only this many images, spread evenly")
    args = parser.parse_args()

    inspection.warm_up()
    counts = {flag: {"found": 0, "missed": 0, "false_alarm": 0, "absent_ok": 0} for flag in FLAG.values()}
    redacted_total = redacted_passed = 0
    warm, misses, cleans = [], [], []
    for name, data, shown in spread(list(corpus(args.quick)), args.limit):
        clean = sanitise.sanitise(data)
        started = time.perf_counter()
        result = inspection.inspect(sanitise.load_clean(clean.data)).flags()
        warm.append(time.perf_counter() - started)
        cleans.append(clean.data)
        for field, flag in FLAG.items():
            key = (
                ("found" if result[flag] else "missed")
                if field in shown
                else ("false_alarm" if result[flag] else "absent_ok")
            )
            counts[flag][key] += 1
            if key in ("missed", "false_alarm"):
                misses.append(f"{name}: {flag} {key}")
        if not shown:
            redacted_total += 1
            redacted_passed += result["properly_redacted"]

    print(f"images inspected: {len(warm)}")
    print(f"{'check':<26}{'found':>7}{'missed':>8}{'false alarms':>14}{'clean ok':>10}")
    for flag, c in counts.items():
        print(f"{flag:<26}{c['found']:>7}{c['missed']:>8}{c['false_alarm']:>14}{c['absent_ok']:>10}")
    print(f"properly redacted copies accepted: {redacted_passed} of {redacted_total}")
    for line in misses:
        print("  " + line)
    median, p95 = statistics.median(warm), percentile(warm, 0.95)
    print(f"warm inspection per image: median {median:.2f} s, p95 {p95:.2f} s")

    # Each image both ways, one after the other, so that both see the same load on a shared machine.
    if args.isolated:
        sandbox.run("inspect", cleans[0], timeout=120)  # the server starts once, on first use
    isolated, peaks, fresh, fresh_peaks = [], [], [], []
    step = max(1, len(cleans) // max(1, args.isolated))
    for data in cleans[::step][: args.isolated]:
        started = time.perf_counter()
        result = sandbox.run("inspect", data, timeout=120)
        isolated.append(time.perf_counter() - started)
        peaks.append(result["peak_rss_kib"] / 1024)
        started = time.perf_counter()
        result = sandbox.run_fresh("inspect", data, timeout=120)
        fresh.append(time.perf_counter() - started)
        fresh_peaks.append(result["peak_rss_kib"] / 1024)
    if isolated:
        print(
            f"isolated run per image ({len(isolated)} images, a child forked from the sandbox server): "
            f"median {statistics.median(isolated):.2f} s, p95 {percentile(isolated, 0.95):.2f} s; "
            f"peak RSS median {statistics.median(peaks):.0f} MiB, max {max(peaks):.0f} MiB"
        )
        print(
            f"the sandbox server's own memory (models loaded, shared by its children): {server_mib():.0f} MiB"
        )
        print(
            f"baseline, same images in a fresh interpreter (imports and model load each time): "
            f"median {statistics.median(fresh):.2f} s, p95 {percentile(fresh, 0.95):.2f} s; "
            f"peak RSS max {max(fresh_peaks):.0f} MiB; "
            f"ratio {statistics.median(isolated) / statistics.median(fresh):.2f}x the time"
        )
        report(
            "inspection",
            images=len(isolated),
            median_seconds=statistics.median(isolated),
            p95_seconds=percentile(isolated, 0.95),
            peak_mib=max(peaks),
            warm_median_seconds=median,
            fresh_median_seconds=statistics.median(fresh),
            fresh_peak_mib=max(fresh_peaks),
        )
    sample = cleans[0]
    started = time.perf_counter()
    sandbox.run("sanitise", sample, timeout=30)
    print(f"isolated sanitise of one {len(sample) // 1024} KiB image: {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
