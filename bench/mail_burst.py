"""Benchmark of the mail relay after a burst: delivery jobs queued per mail, and the drain time.

    .venv/bin/python bench/mail_burst.py                       # 400 submissions, relay every 100
    .venv/bin/python bench/mail_burst.py --before /tmp/main-tree   # the same with older code too

A burst of public submissions (through the Flask test client, each queueing its acknowledgement)
while the workers lag behind: nothing is delivered during the burst, and the periodic relay runs
every --every submissions with the deliveries already older than the stale limit, as in a queue
that is minutes long. Then the queue is drained. Printed: mails, jobs queued, jobs per mail and the
drain time; the baseline is one job per mail (the acknowledgement's own delivery job, no relay).
Mail stays in the local outbox (no SMTP), so the drain measures the portal's own work.
Not part of the test suite: speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from results import report  # noqa: E402


def child(url: str, submissions: int, every: int) -> None:
    sys.path.insert(0, ".")
    from flask_migrate import upgrade

    from dsar import create_app
    from dsar.core.db import db
    from dsar.core.mail import relay_outbox
    from tests.support.forms import FormClient

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-" + "x" * 32,
            "AUDIT_KEY": "bench-audit-" + "y" * 32,
            "DATABASE_URL": url,
            "JOB_RUNNER": "manual",
            "RATELIMIT_ENABLED": False,
            "MIN_FILL_SECONDS": 0,
            "DISPATCH_STALE_SECONDS": 0,  # the queue is older than the stale limit
            "DEFAULT_LANGUAGE": "en",
            "UPLOAD_DIR": tempfile.mkdtemp(prefix="mail-bench-"),
        }
    )
    with app.app_context():
        upgrade()
        public, runner = FormClient(app.test_client()), app.extensions["dsar_jobs"]
        for number in range(submissions):
            public.submit_request(email=f"burst{number}@example.org")
            if (number + 1) % every == 0:
                relay_outbox()
        jobs = len(runner.queued)
        started = time.perf_counter()
        runner.drain()
        drain = time.perf_counter() - started
        db.session.remove()
    print(json.dumps({"mails": submissions, "jobs": jobs, "drain": drain}))


def run(code_root: Path, label: str, submissions: int, every: int) -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='mail-bench-db-')}/bench.db"
    output = subprocess.run(
        [sys.executable, __file__, "--child", url, str(submissions), str(every)],
        cwd=code_root,
        env={"PYTHONPATH": f"{code_root}:{ROOT / 'bench'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    per_mail = result["jobs"] / result["mails"]
    print(
        f"{label:<8} {result['mails']:>6} {result['jobs']:>6} {per_mail:>13.3f} {result['drain']:>9.1f}",
        flush=True,
    )
    report("mail", code=label, mails=result["mails"], jobs=result["jobs"], drain_seconds=result["drain"])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=400)
    parser.add_argument("--every", type=int, default=100, help="relay ticks: one per this many submissions")
    parser.add_argument("--before", type=Path, help="also run with the code in this directory")
    args = parser.parse_args()
    print(f"{'code':<8} {'mails':>6} {'jobs':>6} {'jobs per mail':>13} {'drain s':>9}   (baseline: 1.000)")
    run(ROOT, "this", args.submissions, args.every)
    if args.before:
        run(args.before, "before", args.submissions, args.every)


if __name__ == "__main__":
    main()
