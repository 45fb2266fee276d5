"""Benchmark of reading the mailbox: what storing each mail whole costs on top of reading it.

    .venv/bin/python bench/mailbox_fetch.py [messages]

Starts a throw-away dovecot (as the tests do), delivers N mails of about 60 KB (text and a PDF
attachment), then measures in the same run:
- baseline: a plain IMAP client reading every message once (UID FETCH BODY.PEEK[]);
- the portal: ``fetch_new_mail`` on a migrated SQLite database, which also parses, triages,
  encrypts and writes the original and the attachment, commits per message and flags it.
Prints both in messages per second and the ratio.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from dsar import create_app  # noqa: E402
from dsar.mailbox.service import fetch_new_mail  # noqa: E402
from tests.mailbox.imap_server import DovecotServer  # noqa: E402
from tests.mailbox.mails import DUTCH_ACCESS, plain  # noqa: E402


def main(count: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="dsar-bench-mail-"))
    os.chmod(work, 0o755)
    server = DovecotServer(work / "imap")
    (work / "imap").mkdir()
    os.chmod(work / "imap", 0o755)
    server.start()
    try:
        mailbox = server.new_mailbox()
        attachment = b"%PDF-1.4 " + os.urandom(45_000)
        with mailbox.open() as box:
            for number in range(count):
                box.append(plain(f"{DUTCH_ACCESS}\n#{number}", attachments=[("scan.pdf", attachment)]))

        started = time.perf_counter()
        with mailbox.open() as box:
            status, data = box.client.uid("FETCH", "1:*", "(BODY.PEEK[])")
            assert status == "OK" and len([item for item in data if isinstance(item, tuple)]) == count
        baseline = time.perf_counter() - started

        app = create_app(
            {
                "SECRET_KEY": "bench-" + "x" * 40,
                "AUDIT_KEY": "bench-" + "y" * 40,
                "DATABASE_URL": f"sqlite:///{work / 'bench.db'}",
                "UPLOAD_DIR": str(work / "uploads"),
                "JOB_RUNNER": "manual",
                "MAILBOX_BATCH": count,
                **mailbox.config(),
            }
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            taken = fetch_new_mail()
            portal = time.perf_counter() - started
        assert taken == count, taken
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{count} mails of about {len(attachment) // 1000 + 15} KB")
    print(
        f"baseline, IMAP read only: {count / baseline:8.1f} mails/s ({baseline * 1000 / count:6.1f} ms each)"
    )
    print(f"portal, stored whole:     {count / portal:8.1f} mails/s ({portal * 1000 / count:6.1f} ms each)")
    print(f"ratio portal/baseline:    {portal / baseline:8.1f}x the time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
