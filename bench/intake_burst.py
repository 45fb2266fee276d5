"""Benchmark of the public request form under a burst: submissions per second with 1 and with 8
concurrent connections, against a bare Flask app doing one INSERT per POST, in the same run.

    .venv/bin/python bench/intake_burst.py                                 # SQLite file in /tmp
    .venv/bin/python bench/intake_burst.py --database-url postgresql+psycopg://u:pw@host/db

Both apps are served by gunicorn with the production layout (2 workers x 4 threads) on loopback,
with the same database. Each connection fetches the form once (CSRF token, signed start time) and
then posts complete requests for --seconds; every answer other than the redirect to the "thank
you" page counts as an error. The portal is migrated and emptied first; mail stays in the local
outbox (no SMTP), as on a bare machine. Printed per app: requests per second at 1 and at 8
connections, the gain from 1 to 8, errors, and the portal's share of the bare app's gain and rate.
Not part of the test suite: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402

from tests.support.forms import hidden_fields, valid_request  # noqa: E402

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BARE_APP = """
from flask import Flask, request
from sqlalchemy import create_engine, text
import os
engine = create_engine(os.environ["BARE_DATABASE_URL"], pool_size=8)
app = Flask(__name__)

@app.post("/")
def insert_one():
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO bare_request (email, body) VALUES (:e, :b)"),
                           {"e": request.form["email"], "b": request.form["access_scope"]})
    return "", 302, {"Location": "/submitted"}

@app.get("/")
def form():
    return '<input name="csrf_token" value="x"><input name="started" value="x">'
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    from dsar import create_app

    app = create_app(portal_config(url, as_env=False))
    with app.app_context():
        upgrade()
    engine = create_engine(url)
    with engine.begin() as connection:
        key = "INTEGER PRIMARY KEY" if url.startswith("sqlite") else "SERIAL PRIMARY KEY"
        connection.execute(text(f"CREATE TABLE bare_request (id {key}, email TEXT, body TEXT)"))
    engine.dispose()


def portal_config(url: str, as_env: bool = True, redis_url: str = "") -> dict:
    config = {
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "AUDIT_KEY": "bench-audit-" + "y" * 32,
        "DATABASE_URL": url,
        "MIN_FILL_SECONDS": "0",
        "RATELIMIT_SUBMIT": "1000000 per hour",
        "SWEEP_INTERVAL": "0",
        "DEFAULT_LANGUAGE": "en",
        "UPLOAD_DIR": tempfile.mkdtemp(prefix="intake-bench-"),
    }
    if redis_url:  # mails queued on Redis for the workers (none run here), as in production
        config.update({"REDIS_URL": redis_url, "JOB_RUNNER": "rq"})
    if as_env:
        return {f"DSAR_{key}": value for key, value in config.items()}
    return {**config, "MIN_FILL_SECONDS": 0, "SWEEP_INTERVAL": 0}


def serve(app_spec: str, env: dict, cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [GUNICORN, "--workers", "2", "--threads", "4", "--bind", f"127.0.0.1:{port}", app_spec]
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/", timeout=1)
            return process, base
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app_spec} did not start")


def hammer(base: str, connections: int, seconds: float) -> tuple[float, int]:
    """Requests per second and errors over ``seconds`` with ``connections`` parallel clients."""
    done, errors, lock = [0], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        with requests.Session() as session:
            tokens = hidden_fields(session.get(base + "/", timeout=60).text)
            n = 0
            while time.monotonic() < stop:
                data = {**tokens, **valid_request(email=f"burst{number}.{n}@example.org")}
                status = session.post(base + "/", data=data, allow_redirects=False, timeout=60).status_code
                with lock:
                    done[0] += 1
                    errors[0] += status != 302
                n += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started), errors[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_url = f"sqlite:///{Path(tempfile.gettempdir()) / 'intake_bench.db'}"
    parser.add_argument("--database-url", default=default_url)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--redis-url", default="", help="queue mail jobs on this Redis (production layout)")
    args = parser.parse_args()

    prepare(args.database_url)
    bare_dir = Path(tempfile.mkdtemp(prefix="bare-app-"))
    (bare_dir / "bare_app.py").write_text(BARE_APP)
    apps = {
        "bare Flask INSERT": ("bare_app:app", {"BARE_DATABASE_URL": args.database_url}, bare_dir),
        "portal": ("app:app", portal_config(args.database_url, redis_url=args.redis_url), ROOT),
    }
    rates, errors = {}, {}
    print(f"{'app':<18} {'1 conn req/s':>12} {'8 conn req/s':>12} {'gain':>6} {'errors':>7}")
    for name, (spec, env, cwd) in apps.items():
        process, base = serve(spec, env, cwd)
        try:
            hammer(base, 1, 2)  # warm-up: both workers imported, templates compiled
            one, errors_one = hammer(base, 1, args.seconds)
            eight, errors_eight = hammer(base, 8, args.seconds)
        finally:
            process.terminate()
            process.wait()
        rates[name], errors[name] = (one, eight), errors_one + errors_eight
        print(f"{name:<18} {one:>12.1f} {eight:>12.1f} {eight / one:>5.2f}x {errors_one + errors_eight:>7}")
    (bare_one, bare_eight), (one, eight) = rates["bare Flask INSERT"], rates["portal"]
    share = (eight / one - 1) / (bare_eight / bare_one - 1) if bare_eight > bare_one else float("nan")
    print(f"portal keeps {share:.0%} of the bare app's gain from 1 to 8 connections")
    print(f"bare app / portal at 8 connections: {bare_eight / eight:.1f}x")
    report(
        "intake",
        database=args.database_url.split(":")[0].split("+")[0],
        redis=bool(args.redis_url),
        one=one,
        eight=eight,
        errors=errors["portal"],
        bare_one=bare_one,
        bare_eight=bare_eight,
        share_of_gain=share,
        times_slower=bare_eight / eight,
    )


if __name__ == "__main__":
    main()
