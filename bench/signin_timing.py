"""Benchmark of the sign-in page's answers: does the time tell whether an account exists?

    .venv/bin/python bench/signin_timing.py            # 40 rounds
    .venv/bin/python bench/signin_timing.py --rounds 100

Runs the real app on a throw-away SQLite database (lock-out thresholds raised so the locks do not
end the run) and posts the sign-in form for: an unknown e-mail, a known e-mail with a wrong
password, a deactivated account and a locked account, interleaved. Prints the median and 95th
percentile per kind and the largest difference of medians (security.md A-03 asks for <= 15 ms).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from dsar import create_app  # noqa: E402
from dsar.accounts import lockout  # noqa: E402
from dsar.accounts.service import create_staff  # noqa: E402
from dsar.core.db import db  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PASSWORD = "correct horse battery"


def build(tmp: Path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "AUDIT_KEY": "bench-audit-" + "y" * 32,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "JOB_RUNNER": "manual",
            "RATELIMIT_ENABLED": False,
            "LOCKOUT_IP_FAILURES": 10**9,
            "LOCKOUT_ACCOUNT_FAILURES": 10**9,
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "dsar" / "migrations"))
        create_staff("known@example.org", "Known", "auditor", PASSWORD)
        gone = create_staff("gone@example.org", "Gone", "auditor", PASSWORD)
        gone.active = False
        create_staff("locked@example.org", "Locked", "auditor", PASSWORD)
        db.session.commit()
    return app


def lock(app) -> None:
    """Lock one account the ordinary way: with a low threshold for a moment."""
    with app.test_request_context():
        app.config["LOCKOUT_ACCOUNT_FAILURES"] = 1
        lockout.record_failure("locked@example.org", "127.0.0.1")
        db.session.commit()
        app.config["LOCKOUT_ACCOUNT_FAILURES"] = 10**9


def timed_post(client, email: str, password: str) -> float:
    token = TOKEN.search(client.get("/staff/login").get_data(as_text=True)).group(1)
    start = time.perf_counter()
    response = client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    kinds = {
        "unknown e-mail": ("nobody@example.org", PASSWORD),
        "wrong password": ("known@example.org", "wrong password!"),
        "deactivated": ("gone@example.org", PASSWORD),
        "locked": ("locked@example.org", PASSWORD),
    }
    with tempfile.TemporaryDirectory() as tmp:
        app = build(Path(tmp))
        lock(app)
        client = app.test_client()
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for _ in range(args.rounds):
            for kind, (email, password) in kinds.items():
                times[kind].append(timed_post(client, email, password))
    medians = {}
    for kind, values in times.items():
        values.sort()
        medians[kind] = statistics.median(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{kind:15} median {medians[kind] * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms")
    spread = max(medians.values()) - min(medians.values())
    print(f"largest difference of medians: {spread * 1000:.1f} ms over {args.rounds} rounds")


if __name__ == "__main__":
    main()
