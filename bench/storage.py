"""Benchmark of the file store: what encryption costs over writing the bytes as they are.

    .venv/bin/python bench/storage.py [--mb 50]

On local disk in a temp folder: a file of N MB written and read back in 64 KiB pieces, (a) in clear
with a plain atomic write (the baseline: what case files cost before the store) and (b) through the
store (AES-256-GCM in 64 KiB chunks, atomic write, decrypting read). Prints the median of 5 runs and
the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dsar import create_app  # noqa: E402
from dsar.core import storage  # noqa: E402
from dsar.core.db import db  # noqa: E402
from dsar.core.storage.backends import LocalBackend  # noqa: E402

KIND = storage.Kind("bench-file", "bench-files")
PIECE = 64 * 1024


def median_s(func, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=50)
    size = parser.parse_args().mb * 1024 * 1024
    data = os.urandom(size)
    pieces = [data[i : i + PIECE] for i in range(0, size, PIECE)]
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "bench-" + "x" * 40,
                "AUDIT_KEY": "bench-" + "y" * 40,
                "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                "UPLOAD_DIR": f"{folder}/uploads",
                "JOB_RUNNER": "manual",
            }
        )
        plain = LocalBackend(Path(folder) / "plain")

        def plain_round_trip():
            plain.put("files/x", iter(pieces))
            handle, _ = plain.open("files/x")
            while handle.read(PIECE):
                pass
            handle.close()

        with app.app_context():
            name = storage.new_name()

            def store_round_trip():
                storage.write(KIND, name, "bench", iter(pieces))
                db.session.commit()
                reader = storage.open(KIND, name, "bench")
                while reader.read(PIECE):
                    pass
                reader.close()

            baseline = median_s(plain_round_trip)
            stored = median_s(store_round_trip)
            db.session.remove()
    mb = size / 1024 / 1024
    print(f"plain write+read {mb:.0f} MB:  {baseline * 1000:8.1f} ms ({mb / baseline:6.0f} MB/s)  baseline")
    print(
        f"store write+read {mb:.0f} MB:  {stored * 1000:8.1f} ms ({mb / stored:6.0f} MB/s)  "
        f"ratio {stored / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
