"""Benchmark: what a hung database costs the web processes (issue 13 item 4, security.md R-09).

    .venv/bin/python bench/hung_database.py                  # 16 clients for 10 s
    .venv/bin/python bench/hung_database.py --clients 32 --seconds 20 --connect-timeout 2
    .venv/bin/python bench/hung_database.py --retry-seconds 0     # every request waits to connect

Starts gunicorn as the README does (gunicorn.conf.py, 2 workers x 4 threads) against a fake
PostgreSQL that accepts TCP connections and never answers. Measures /healthz with nothing else
running (the baseline), then keeps N clients asking for the public form (which needs the database)
and measures /healthz again meanwhile. Prints how long the form took to answer and with what
status, /healthz's median and worst time under that load, and the ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def silent_postgres() -> tuple[socket.socket, list]:
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])  # never answered
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def timed_get(url: str, timeout: float = 120) -> tuple[float, int]:
    start = time.perf_counter()
    try:
        status = urllib.request.urlopen(url, timeout=timeout).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # no answer at all
    return time.perf_counter() - start, status


def start_gunicorn(
    db_port: int, connect_timeout: int, retry_seconds: int, tmp: Path
) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DSAR_DATABASE_URL": f"postgresql+psycopg://dsar:secret@127.0.0.1:{db_port}/dsar",
        "DSAR_DB_CONNECT_TIMEOUT": str(connect_timeout),
        "DSAR_DB_RETRY_SECONDS": str(retry_seconds),
        "DSAR_SECRET_KEY": "bench-secret-" + "x" * 32,
        "DSAR_AUDIT_KEY": "bench-audit-" + "y" * 32,
        "DSAR_UPLOAD_DIR": str(tmp / "uploads"),
        "DSAR_SWEEP_INTERVAL": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "2", "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", os.devnull, "app:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while timed_get(base + "/healthz", timeout=1)[1] != 200:
        if time.monotonic() > deadline:
            process.terminate()
            raise SystemExit("gunicorn did not start")
        time.sleep(0.3)
    return process, base


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connect-timeout", type=int, default=2)
    parser.add_argument("--retry-seconds", type=int, default=5, help="DSAR_DB_RETRY_SECONDS; 0: always wait")
    args = parser.parse_args()

    listener, held = silent_postgres()
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_gunicorn(
            listener.getsockname()[1], args.connect_timeout, args.retry_seconds, Path(tmp)
        )
        try:
            baseline = [timed_get(base + "/healthz")[0] for _ in range(20)]
            form: list[tuple[float, int]] = []
            stop = time.monotonic() + args.seconds

            def client():
                while time.monotonic() < stop:
                    form.append(timed_get(base + "/"))

            threads = [threading.Thread(target=client) for _ in range(args.clients)]
            for thread in threads:
                thread.start()
            time.sleep(min(2.0, args.seconds / 4))  # let the clients fill every gunicorn thread
            loaded = []
            while time.monotonic() < stop:
                loaded.append(timed_get(base + "/healthz")[0])
                time.sleep(0.2)
            for thread in threads:
                thread.join()
        finally:
            listener.close()
            process.terminate()
            try:
                process.wait(40)  # gunicorn's graceful shutdown
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for connection in held:
                connection.close()

    form_times = sorted(seconds for seconds, _ in form)
    statuses = sorted({status for _, status in form})
    print(
        f"fake PostgreSQL that never answers; DSAR_DB_CONNECT_TIMEOUT={args.connect_timeout} s, "
        f"DSAR_DB_RETRY_SECONDS={args.retry_seconds} s"
    )
    print(f"gunicorn 2 workers x 4 threads, {args.clients} clients asking for / during {args.seconds:.0f} s")
    print(f"/ answered {len(form)} times, statuses {statuses}")
    slow = sum(1 for seconds in form_times if seconds >= args.connect_timeout)
    print(f"/ time: median {statistics.median(form_times):.2f} s, max {form_times[-1]:.2f} s")
    print(f"/ answers that waited the connect timeout or longer: {slow} of {len(form_times)}")
    base_median = statistics.median(baseline)
    print(f"/healthz baseline (idle): median {base_median * 1000:.1f} ms")
    print(
        f"/healthz under load: median {statistics.median(loaded) * 1000:.1f} ms, "
        f"max {max(loaded) * 1000:.1f} ms, {len(loaded)} probes"
    )
    print(f"ratio under load / idle (median): {statistics.median(loaded) / base_median:.1f}")


if __name__ == "__main__":
    main()
