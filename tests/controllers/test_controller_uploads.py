"""A client controller's upload obeys the rules of every other upload (issue 13 item 8): type by
content against an allow-list, no PDF with active content, no ZIP bomb or zip slip, and HTML or SVG
never stored under a CSV label. A refused file leaves nothing behind and the page says why."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
from sqlalchemy import select

from dsar.cases.files import CaseFile
from dsar.cases.models import CaseEvent
from dsar.core.db import db
from tests.controllers import hostile_files as hostile
from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff
from tests.support.forms import hidden_fields

PDF_ACTIVE = "This PDF contains scripts, actions or attached files, which we do not accept."
MARKUP = "HTML, SVG or XML files are not accepted; send PDF, CSV or JSON."

REFUSED = {
    "pdf-javascript": (hostile.pdf_with_javascript, "report.pdf", PDF_ACTIVE),
    "pdf-escaped-javascript": (hostile.pdf_with_escaped_javascript, "report.pdf", PDF_ACTIVE),
    "pdf-escaped-launch": (hostile.pdf_with_escaped_launch, "report.pdf", PDF_ACTIVE),
    "pdf-javascript-in-object-stream": (hostile.pdf_with_javascript_in_an_object_stream, "r.pdf", PDF_ACTIVE),
    "zip-bomb": (hostile.zip_bomb, "export.zip", "looks like a compression bomb"),
    "zip-slip": (hostile.zip_slip, "export.zip", "names a file outside its own folder"),
    "zip-absolute-name": (
        hostile.zip_with_absolute_name,
        "export.zip",
        "names a file outside its own folder",
    ),
    "zip-with-a-scripted-pdf": (
        lambda: hostile.zip_of({"letters/answer.pdf": hostile.pdf_with_javascript()}),
        "export.zip",
        f"In the ZIP file, letters/answer.pdf: {PDF_ACTIVE}",
    ),
    "zip-in-zip": (
        lambda: hostile.zip_of({"inner.zip": hostile.zip_of({"a.csv": b"a\n"})}),
        "export.zip",
        "A ZIP file may not contain another ZIP file (inner.zip).",
    ),
    "zip-with-too-many-files": (
        lambda: hostile.zip_of({f"part-{n}.csv": b"a\n" for n in range(1001)}),
        "export.zip",
        "This ZIP file holds more than 1000 files.",
    ),
    "html": (lambda: hostile.HTML, "export.csv", MARKUP),
    "svg": (lambda: hostile.SVG, "export.csv", MARKUP),
    "csv-with-a-page-inside": (lambda: b"name,value\n<script>alert(1)</script>,1\n", "export.csv", MARKUP),
}


@pytest.fixture
def upload(forms, client, staff, app):
    """Post a file through the controller's signed link; returns the page shown afterwards."""
    controller = add_controller()
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    path = controller_path()
    outsider = app.test_client()

    def post(data: bytes, name: str) -> str:
        page = outsider.get(path).get_data(as_text=True)
        response = outsider.post(
            path,
            data={**hidden_fields(page), "action": "upload", "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
        return outsider.get(response.location).get_data(as_text=True)

    return post


def stored(app) -> tuple[list[CaseFile], list[Path], list[str]]:
    db.session.expire_all()
    root = Path(app.config["UPLOAD_DIR"]) / "case-files"
    on_disk = sorted(root.iterdir()) if root.exists() else []
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.kind == "controller_file")).all()
    return db.session.scalars(select(CaseFile)).all(), on_disk, kinds


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_controller_upload_is_refused_with_the_reason_and_nothing_is_kept(upload, app, name):
    build, filename, message = REFUSED[name]
    page = upload(build(), filename)
    assert message in page
    assert stored(app) == ([], [], [])


def real_pdf() -> bytes:
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer)
    sheet.drawString(72, 720, "Orders of the customer, see https://example.org/JS/help")
    sheet.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("build", "filename", "content_type"),
    [
        (real_pdf, "orders.pdf", "application/pdf"),
        (
            lambda: hostile.zip_of({"orders.csv": b"order,date\n1001,2026-01-05\n" * 200}),
            "o.zip",
            "application/zip",
        ),
        (lambda: b"order,note\n1001,price < 20 and > 10\n", "orders.csv", "text/csv"),
    ],
)
def test_an_ordinary_pdf_zip_or_csv_is_still_accepted(upload, app, build, filename, content_type):
    upload(build(), filename)
    records, on_disk, kinds = stored(app)
    assert [record.content_type for record in records] == [content_type]
    assert len(on_disk) == 1 and kinds == ["controller_file"]


def test_the_refusal_is_given_in_the_readers_language(forms, client, staff, app):
    controller = add_controller()
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    path = controller_path()
    dutch = app.test_client()
    dutch.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    page = dutch.get(path).get_data(as_text=True)
    response = dutch.post(
        path,
        data={
            **hidden_fields(page),
            "action": "upload",
            "file": (io.BytesIO(hostile.zip_slip()), "export.zip"),
        },
        content_type="multipart/form-data",
    )
    shown = dutch.get(response.location).get_data(as_text=True)
    assert "Dit ZIP-bestand noemt een bestand buiten zijn eigen map" in shown
    assert stored(app) == ([], [], [])
