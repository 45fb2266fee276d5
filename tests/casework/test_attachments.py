"""Internal attachments: allowlisted by content, encrypted at rest under a random name, downloaded
only by working roles through an audited view, never served statically (security.md U, S-01/02)."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from dsar.casework.models import CaseAttachment
from dsar.core.db import db
from tests.casework.support import as_user, case_page, events, post, working_case

MARKER = b"UNIQUE-MARKER-4711-" * 4
PDF = b"%PDF-1.4\n" + MARKER + b"\n%%EOF\n"


def upload(client, case, data: bytes, name: str):
    return post(client, case, "/attachments", {"attachment": (io.BytesIO(data), name)})


def blobs(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"]) / "case-attachments"
    return sorted(folder.glob("*")) if folder.exists() else []


def test_an_attachment_is_encrypted_at_rest_and_every_download_is_audited(app, forms, client, staff):
    case = working_case(forms)
    other = working_case(forms, email="other@example.org")
    staff("handler")
    staff("auditor")
    as_user(forms, client, "handler@example.org")
    assert upload(client, case, PDF, "../../etc/brief<script>.pdf").status_code == 302
    [attachment] = db.session.scalars(select(CaseAttachment)).all()
    [blob] = blobs(app)
    assert blob.name == f"{attachment.storage_key}.bin" and oct(blob.stat().st_mode & 0o777) == "0o600"
    assert MARKER not in blob.read_bytes() and b"%PDF" not in blob.read_bytes()
    assert attachment.display_name == "brief<script>.pdf" and "/" not in attachment.display_name

    url = f"/staff/cases/{case.reference}/attachments/{attachment.public_id}"
    assert url in case_page(client, case)
    response = client.get(url)
    assert response.status_code == 200 and response.get_data() == PDF
    assert response.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(events("attachment_downloaded")) == 1
    # Through another case's address, or under static: not found.
    assert client.get(f"/staff/cases/{other.reference}/attachments/{attachment.public_id}").status_code == 404
    assert client.get(f"/static/../uploads/case-attachments/{blob.name}").status_code == 404

    as_user(forms, client, "auditor@example.org")
    assert client.get(url).status_code == 403
    assert url not in case_page(client, case) and "brief" in case_page(client, case)
    assert upload(client, case, PDF, "x.pdf").status_code == 403
    assert len(events("attachment_downloaded")) == 1


def test_types_outside_the_allowlist_and_oversized_files_are_refused_and_nothing_is_kept(
    app, forms, client, staff
):
    case = working_case(forms)
    staff("handler")
    as_user(forms, client, "handler@example.org")
    for data, name in [
        (b"MZ\x90\x00\x03\x00\x00\x00", "invoice.pdf"),  # a Windows executable renamed
        (b"\x00\x01\x02", "notes.txt"),
        (b"", "empty.pdf"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "big.pdf"),
    ]:
        page = client.get(upload(client, case, data, name).location).get_data(as_text=True)
        assert (
            "Only PDF, PNG, JPEG or plain-text files are accepted." in page
            or "10 MB" in page
            or "empty" in page
        )
    assert db.session.scalars(select(CaseAttachment)).all() == [] and blobs(app) == []


def test_a_blob_swapped_between_cases_does_not_open_and_the_failure_is_recorded(app, forms, client, staff):
    first = working_case(forms)
    second = working_case(forms, email="second@example.org")
    staff("handler")
    as_user(forms, client, "handler@example.org")
    upload(client, first, PDF, "first.pdf")
    upload(client, second, b"%PDF-1.4\nsecond\n", "second.pdf")
    a, b = db.session.scalars(select(CaseAttachment).order_by(CaseAttachment.id)).all()
    folder = Path(app.config["UPLOAD_DIR"]) / "case-attachments"
    (folder / f"{a.storage_key}.bin").write_bytes((folder / f"{b.storage_key}.bin").read_bytes())
    response = client.get(f"/staff/cases/{first.reference}/attachments/{a.public_id}")
    assert response.status_code == 409 and MARKER not in response.get_data()
    assert len(events("attachment_integrity_failure")) == 1 and events("attachment_downloaded") == []
