"""Benchmark of case work: attachment encryption and the monthly time report.

    .venv/bin/python bench/casework.py

On a throw-away SQLite database (migrated like production), it reports:
- storing and reading a 10 MB attachment through the file store (AES-256-GCM, chunked, atomic
  write to local disk): median time over 20 runs;
- the time report of one client controller and month with 500 cases and 10,000 time entries:
  median time of the query and of the CSV, over 20 runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dsar import create_app  # noqa: E402
from dsar.cases.service import NewRequest, open_case  # noqa: E402
from dsar.casework import attachments, timesheet  # noqa: E402
from dsar.casework.models import TimeEntry  # noqa: E402
from dsar.controllers.models import ClientController  # noqa: E402
from dsar.core import storage  # noqa: E402
from dsar.core.db import db, utcnow  # noqa: E402

RUNS = 20


def median_ms(action) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def seed(staff_id: int) -> ClientController:
    client = ClientController(name="Bench client", contact_emails=["dpo@bench.example"])
    db.session.add(client)
    db.session.flush()
    for number in range(500):
        request = NewRequest(
            rights={"erasure": {}},
            name="Bench",
            email=f"b{number}@example.org",
            language="en",
            received_at=utcnow(),
        )
        case = open_case(request, "BE")
        case.role, case.client_controller_id = "processor", client.id
        db.session.flush()
        for entry in range(20):
            worked_on = date(2026, 10, 1) + timedelta(days=(number + entry) % 45)
            db.session.add(
                TimeEntry(case_id=case.id, staff_id=staff_id, worked_on=worked_on, minutes=15, activity="x")
            )
    db.session.commit()
    return client


def main() -> None:
    from flask_migrate import upgrade

    from dsar.accounts.service import create_staff

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
        with app.app_context():
            upgrade()
            data = b"%PDF-1.4\n" + bytes(10 * 1024 * 1024)
            name = storage.new_name()
            write_ms = median_ms(lambda: storage.write(attachments.KIND, name, "case=1|file=1", data))
            db.session.commit()
            read_ms = median_ms(lambda: storage.read(attachments.KIND, name, "case=1|file=1"))
            print(f"store 10 MB:  {write_ms:8.1f} ms (median; encrypted, written atomically)")
            print(f"read 10 MB:   {read_ms:8.1f} ms (median; read and decrypted)")
            staff = create_staff("bench@example.org", "Bench", "handler", "correct horse battery")
            db.session.commit()
            client = seed(staff.id)
            rate = Decimal(120)
            report = timesheet.month_report(client.id, date(2026, 10, 1), rate)
            query_ms = median_ms(lambda: timesheet.month_report(client.id, date(2026, 10, 1), rate))
            csv_ms = median_ms(lambda: timesheet.report_csv(report, client.name))
            print(
                f"month report: {query_ms:8.1f} ms (median; {len(report.rows)} cases, {report.hours} hours)"
            )
            print(f"report CSV:   {csv_ms:8.1f} ms (median)")
            db.session.remove()


if __name__ == "__main__":
    main()
