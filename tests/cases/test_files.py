"""Answer packages and controller uploads: checked by content, stored out of reach, downloaded through
a signed expiring link, deleted on time with the hash kept as proof."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.files import CaseFile, FileRejected, sniff, sweep_expired_files
from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.storage.records import clean_display_name
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import (
    confirmed_case,
    decide,
    post_action,
    record_of_processing,  # noqa: F401 - autouse: Art. 15(1) record
)
from tests.controllers.hostile_files import PAGE, PAGES, clean_pdf, pdf
from tests.support.forms import hidden_fields

CSV = b"order,date,amount\n1001,2026-01-05,19.99\n"


def attach(client, case: Case, data: bytes, name: str):
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    return client.post(
        f"/staff/cases/{case.reference}/answer-package",
        data={**hidden_fields(page), "package": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"]) / "case-files"
    return sorted(root.iterdir()) if root.exists() else []


def download_path(name: str = "orders.csv") -> str:
    body = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.template == "answer")).one()
    return next(line.split(": ", 1)[1] for line in body.splitlines() if line.startswith(f"{name}: ")).strip()


def test_the_answer_carries_a_download_link_for_the_package(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, CSV, "../../etc/orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")

    paths = stored_files(app)
    assert len(paths) == 2  # the package, and the answer letter stored with it (dsar/letters)
    assert all(stat.S_IMODE(os.stat(path).st_mode) == 0o600 and path.name != "orders.csv" for path in paths)
    response = app.test_client().get(download_path().removeprefix("http://portal.test"))
    assert response.data == CSV
    assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''orders.csv"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    kinds = [event.kind for event in db.session.get(Case, case.id).events]
    assert "answer_downloaded" in kinds


def test_the_package_is_deleted_after_30_days_and_the_link_says_so(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, CSV, "orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")
    path = download_path().removeprefix("http://portal.test")

    with time_machine.travel(datetime.now(UTC) + timedelta(days=31)):
        assert sweep_expired_files() == 2  # the package and the answer letter
        response = app.test_client().get(path)
    assert response.status_code == 410 and "This link has expired" in response.get_data(as_text=True)
    record = db.session.scalars(select(CaseFile).where(CaseFile.display_name == "orders.csv")).one()
    assert record.deleted_at is not None and record.sha256 == hashlib.sha256(CSV).hexdigest()
    assert stored_files(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"GIF89a\x00\x00", "Only PDF, ZIP, CSV or JSON files are accepted."),
        (b"MZ\x90\x00\x03", "Only PDF, ZIP, CSV or JSON files are accepted."),
        (b"%PDF-1.7\n" + b"x" * (10 * 1024 * 1024), "The file is larger than 10 MB."),
    ],
)
def test_unacceptable_files_are_refused_and_nothing_is_stored(forms, client, staff, app, data, message):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    page = client.get(attach(client, case, data, "x.pdf").location).get_data(as_text=True)
    assert message in page
    assert db.session.scalars(select(CaseFile)).all() == [] and stored_files(app) == []


def test_content_decides_the_type_not_the_name():
    assert sniff(clean_pdf()) == ("application/pdf", "pdf")
    assert sniff(b'{"a": 1}') == ("application/json", "json")
    with pytest.raises(FileRejected):
        sniff(b"\x89PNG\r\n\x1a\n")
    assert clean_display_name("report.php", "pdf") == "report.pdf"
    assert clean_display_name('..\\..\\a"b\u202e.csv', "csv") == "ab.csv"


def test_a_download_link_cannot_be_forged(app):
    assert app.test_client().get("/download/not-a-token").status_code == 404


def test_the_controller_can_upload_a_file_that_staff_then_read(forms, client, staff, app):
    from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff

    controller = add_controller()
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    outsider = app.test_client()
    path = controller_path()
    page = outsider.get(path).get_data(as_text=True)
    outsider.post(
        path,
        data={**hidden_fields(page), "action": "upload", "file": (io.BytesIO(CSV), "export.csv")},
        content_type="multipart/form-data",
    )

    record = db.session.scalars(select(CaseFile)).one()
    assert record.kind == "controller_upload" and record.display_name == "export.csv"
    case = db.session.scalars(select(Case)).one()
    staff_page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "export.csv" in staff_page
    assert client.get(f"/staff/cases/{case.reference}/files/{record.public_id}").data == CSV


def test_an_answer_package_larger_than_64_kib_is_accepted(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    noise = os.urandom(300_000)  # an uncompressed picture, say: bytes that spell nothing
    data = pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        PAGE,
        f"<< /Length {len(noise)} >>\nstream\n".encode() + noise + b"\nendstream",
    )
    response = attach(client, case, data, "big.pdf")
    assert response.status_code == 302
    assert db.session.scalars(select(CaseFile)).one().size == len(data)


def test_the_download_waits_while_the_requesters_identity_is_in_doubt(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, CSV, "orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")
    link = download_path().removeprefix("http://portal.test")
    assert app.test_client().get(link).data == CSV

    case = db.session.get(Case, case.id)
    case.email_confirmed_at = None  # the address was never confirmed: the level-2 proof is missing
    db.session.commit()
    response = app.test_client().get(link)
    assert response.status_code == 403
    assert "We still need to confirm who you are" in response.get_data(as_text=True)


MARKED_CSV = b"order,note\n1001,UNIQUE-CASE-FILE-MARKER-0815\n"


def test_case_files_are_encrypted_at_rest_and_served_in_clear(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, MARKED_CSV, "orders.csv")
    [path] = stored_files(app)
    assert b"UNIQUE-CASE-FILE-MARKER" not in path.read_bytes() and path.read_bytes().startswith(b"DSF1")
    record = db.session.scalars(select(CaseFile)).one()
    assert record.key_id and path.name == record.stored_name
    response = client.get(f"/staff/cases/{case.reference}/files/{record.public_id}")
    assert response.status_code == 200 and response.data == MARKED_CSV


def test_a_file_kept_in_clear_before_the_store_is_served_then_encrypted_by_storage_migrate(
    forms, client, staff, app
):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, MARKED_CSV, "orders.csv")
    record = db.session.scalars(select(CaseFile)).one()
    [path] = stored_files(app)
    path.write_bytes(MARKED_CSV)  # as the portal kept it before every file was encrypted
    record.key_id = None
    db.session.commit()
    url = f"/staff/cases/{case.reference}/files/{record.public_id}"
    assert client.get(url).data == MARKED_CSV

    result = app.test_cli_runner().invoke(args=["dsar", "storage", "migrate"])
    assert result.exit_code == 0 and "case files: 1 encrypted" in result.output, result.output
    db.session.expire_all()
    assert db.session.get(CaseFile, record.id).key_id
    assert b"UNIQUE-CASE-FILE-MARKER" not in path.read_bytes()
    assert client.get(url).data == MARKED_CSV
    again = app.test_cli_runner().invoke(args=["dsar", "storage", "migrate"])
    assert "case files: 0 encrypted" in again.output


def test_a_case_file_moved_under_another_file_does_not_open(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, MARKED_CSV, "first.csv")
    attach(client, case, CSV, "second.csv")
    a, b = db.session.scalars(select(CaseFile).order_by(CaseFile.id)).all()
    root = stored_files(app)[0].parent
    (root / a.stored_name).write_bytes((root / b.stored_name).read_bytes())
    response = client.get(f"/staff/cases/{case.reference}/files/{a.public_id}")
    assert response.status_code >= 400 and CSV not in response.data
