"""Attachments and checklist evidence pass the malware scan before acceptance (security.md U-12):
EICAR is refused with the refusal on the trail and nothing kept; with the scanner down the file is
held, never served, until a later scan releases it."""

from __future__ import annotations

import io

from sqlalchemy import select

from dsar.casework import attachments
from dsar.casework.models import CaseAttachment
from dsar.core.db import db
from tests.casework.support import as_user, events, post, working_case
from tests.support.services import EICAR, free_port

TEXT = b"scanned note\n"


def upload(client, case, data: bytes, name: str = "note.txt"):
    return post(client, case, "/attachments", {"attachment": (io.BytesIO(data), name)})


def blobs(app):
    from pathlib import Path

    folder = Path(app.config["UPLOAD_DIR"]) / "case-attachments"
    return sorted(folder.glob("*")) if folder.exists() else []


def test_an_infected_attachment_is_refused_on_the_trail_and_nothing_is_kept(app, forms, client, staff, clamd):
    app.config["CLAMD_ADDRESS"] = clamd.address
    case = working_case(forms)
    staff("handler")
    as_user(forms, client, "handler@example.org")
    upload(client, case, b"note " + EICAR)
    assert db.session.scalars(select(CaseAttachment)).all() == [] and blobs(app) == []
    [refusal] = events("upload_refused_malware")
    assert refusal.data["signature"].startswith("Eicar")
    assert upload(client, case, TEXT).status_code == 302
    assert db.session.scalars(select(CaseAttachment.scan_status)).all() == ["clean"]


def test_with_the_scanner_down_an_attachment_is_held_until_a_scan_releases_it(app, forms, client, staff):
    app.config["CLAMD_ADDRESS"], app.config["CLAMD_TIMEOUT"] = f"127.0.0.1:{free_port()}", 1
    case = working_case(forms)
    staff("handler")
    as_user(forms, client, "handler@example.org")
    assert upload(client, case, TEXT).status_code == 302
    attachment = db.session.scalars(select(CaseAttachment)).one()
    assert attachment.scan_status == "held" and len(blobs(app)) == 1
    url = f"/staff/cases/{case.reference}/attachments/{attachment.public_id}"
    assert client.get(url).status_code == 409
    assert attachments.rescan_held_attachments() == 0  # still down: still held

    app.config["CLAMD_ADDRESS"] = ""  # the operator runs without a scanner now
    assert attachments.rescan_held_attachments() == 1
    assert len(events("held_file_released")) == 1
    response = client.get(url)
    assert response.status_code == 200 and response.get_data() == TEXT
