"""Fixtures for identity verification: the app with inspection in-process (the sandbox has its own
tests), a case whose requester was asked for an ID copy, uploads through the real public page, and
the storage invariant (security.md: blobs on disk == live rows, nothing else)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.identity.models import IdCopy
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields

LINK = re.compile(r"https?://[^/\s]+(/id/[^\s\"<]+)")


@pytest.fixture
def app(make_app):
    app = make_app(ID_SANDBOX=False)
    with app.app_context():
        yield app
        db.session.remove()


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def copies() -> list[IdCopy]:
    db.session.expire_all()
    return db.session.scalars(select(IdCopy).order_by(IdCopy.id)).all()


def store(app) -> Path:
    return Path(app.config["UPLOAD_DIR"]) / "id-copies"


def files_on_disk(app) -> set[str]:
    root = store(app)
    return {path.name for path in root.iterdir()} if root.exists() else set()


def assert_invariant(app) -> None:
    """Every file in the store belongs to a live copy and every live copy has its file."""
    live = {f"{copy.storage_key}.bin" for copy in copies() if copy.storage_key}
    assert files_on_disk(app) == live


def upload_link() -> str:
    """The upload link from the newest mail to the requester (as the requester would click it)."""
    db.session.expire_all()
    for message in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())):
        found = LINK.search(message.body_text)
        if found:
            return found.group(1)
    raise AssertionError("no mail with an upload link")


def ask_for_id_copy(forms, client, staff, role="handler", reason="The name differs from our customer file"):
    """A person files a request; a handler records a reasonable doubt and asks for an ID copy."""
    forms.submit_request()
    staff(role)
    sign_in(forms, email=f"{role}@example.org")
    case = the_case()
    page = client.get(f"/staff/cases/{case.reference}")
    response = client.post(
        f"/staff/cases/{case.reference}/identity/request",
        data={**hidden_fields(page.get_data(as_text=True)), "reason": reason},
    )
    assert response.status_code == 302
    return upload_link()


def post_upload(client, link: str, data: bytes, filename: str = "id.png", **extra):
    page = client.get(link)
    tokens = hidden_fields(page.get_data(as_text=True))
    return client.post(
        link,
        data={"csrf_token": tokens["csrf_token"], "document": (io.BytesIO(data), filename), **extra},
        content_type="multipart/form-data",
    )


@pytest.fixture
def asked(forms, client, staff):
    return ask_for_id_copy(forms, client, staff)


@pytest.fixture
def link(forms):
    """A requester asked for an ID copy by the ladder policy (no staff sign-in needed)."""
    from dsar.identity import service

    forms.submit_request()
    service.request_id_copy(the_case(), "policy")
    db.session.commit()
    return upload_link()


def stored_copy(forms, client, staff, layout="be_eid", role="handler"):
    """A case with a properly redacted copy that passed inspection and waits for staff. The job is
    replaced by its outcome (nothing visible) here: these tests are about access and retention;
    test_detection.py and test_upload_flow.py prove the inspection itself."""
    from dsar.identity import sanitise, service
    from dsar.identity.inspection import Inspection
    from dsar.identity.models import IdCopyRequest
    from tests.identity import cards

    link = ask_for_id_copy(forms, client, staff, role=role)
    id_request = db.session.scalars(select(IdCopyRequest).order_by(IdCopyRequest.id.desc())).first()
    clean = sanitise.sanitise(cards.to_png(cards.make(layout, cards.FIELDS).image))
    copy = service.receive_upload(id_request, clean)
    db.session.commit()
    assert service.claim_for_inspection(copy.id)
    service.record_inspection(copy, Inspection(), None)
    db.session.commit()
    return copy, link


def proposed_copy(link: str):
    """The job's outcome for an upload whose photo was still visible: the original deleted, an
    auto-redacted proposal waiting (the inspection itself is proven in test_detection.py)."""
    from dsar.identity import inspection, sanitise, service
    from dsar.identity.models import IdCopyRequest
    from tests.identity import cards

    card = cards.make("be_eid", ("document_number", "national_number"))
    id_request = db.session.scalars(select(IdCopyRequest).order_by(IdCopyRequest.id.desc())).first()
    copy = service.receive_upload(id_request, sanitise.sanitise(cards.to_png(card.image)))
    db.session.commit()
    assert service.claim_for_inspection(copy.id)
    found = inspection.Inspection()
    found.add(inspection.FACE, card.regions["photo"])
    proposal = service.record_inspection(
        copy, found, service.jpeg_bytes(inspection.redact(card.image, found))
    )
    db.session.commit()
    return proposal


# The real browser and the portal served on loopback (tests/e2e), for the redaction editor.
from tests.e2e.conftest import browser, live_server  # noqa: E402, F401
