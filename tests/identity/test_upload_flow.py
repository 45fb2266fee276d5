"""The requester's side: asked for an ID copy, they upload it; it is inspected in a job, kept only
when nothing is visible, and otherwise replaced by an auto-redacted proposal to accept or redo."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import CaseEvent
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.storage.store import MAGIC as STORE_MAGIC
from dsar.identity import storage
from dsar.identity.models import CopyStatus
from tests.identity import cards
from tests.identity.conftest import (
    assert_invariant,
    copies,
    files_on_disk,
    post_upload,
    proposed_copy,
    the_case,
)
from tests.support.forms import hidden_fields

REDACTED = cards.FIELDS


def events() -> list[str]:
    db.session.expire_all()
    return [event.kind for event in db.session.scalars(select(CaseEvent).order_by(CaseEvent.id))]


def test_staff_doubt_sends_the_requester_an_explained_link_and_pauses_the_clock(asked):
    case = the_case()
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "information_request")
    ).one()
    assert asked in mail.body_text
    assert "blacked out" in mail.body_text and "at the latest 7 days" in mail.body_text
    assert "You do not have to send an ID copy" in mail.body_text
    assert case.state == "awaiting_information" and case.verification_level == 4
    assert "id_copy_requested" in events() and "information_requested" in events()


def test_the_upload_page_says_why_and_when_the_copy_is_deleted(client, asked):
    page = client.get(asked).get_data(as_text=True)
    assert "GDPR Art. 12(6)" in page
    assert "at the latest 7 days after you send it" in page
    assert 'id="redact-editor"' in page and "js/redact-editor.js" in page
    assert 'type="file"' in page  # a plain upload works without JavaScript


def test_a_properly_redacted_copy_is_inspected_encrypted_and_kept(app, client, jobs, asked):
    response = post_upload(client, asked, cards.to_png(cards.make("be_eid", REDACTED).image))
    assert response.status_code == 302
    progress = client.get(response.location).get_data(as_text=True)
    assert "<progress" in progress and 'http-equiv="refresh"' in progress

    jobs.drain()
    [copy] = copies()
    assert copy.status == CopyStatus.STORED and copy.findings["properly_redacted"] is True
    done = client.get(response.location).get_data(as_text=True)
    assert "Thank you: we received your redacted ID copy" in done
    blob = storage.path_for(copy.storage_key).read_bytes()
    assert blob.startswith(STORE_MAGIC) and b"JFIF" not in blob and b"PNG" not in blob
    assert oct(storage.path_for(copy.storage_key).stat().st_mode & 0o777) == "0o600"
    case = the_case()
    # The clock resumed (rules 3.4); staff still check the copy before any work on the data.
    assert case.state == "awaiting_verification" and case.pauses[-1].received_on is not None
    assert "id_copy_received" in events() and "information_received" in events()
    assert_invariant(app)


def test_an_unredacted_copy_is_never_kept_and_an_auto_redacted_version_is_offered(app, client, jobs, asked):
    response = post_upload(client, asked, cards.to_jpeg(cards.make("nl_id").image), "id-card.jpg")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    jobs.drain()
    original, proposal = copies()
    assert original.status == CopyStatus.DELETED and original.storage_key is None
    assert original.deleted_reason == "unredacted"
    assert original.findings == {
        "face_visible": True,
        "document_number_visible": True,
        "national_number_visible": True,
        "mrz_visible": True,
        "properly_redacted": False,
    }
    assert "unredacted_id_deleted" in events()

    page = client.get(response.location, follow_redirects=True).get_data(as_text=True)
    assert "Something is still visible" in page
    for item in ("your photo", "the document or card number", "a national number", "machine-readable lines"):
        assert item in page
    preview = client.get(f"{asked}/copies/{proposal.public_id}/preview")
    assert preview.status_code == 200 and preview.mimetype == "image/jpeg"
    assert preview.headers["Cache-Control"] == "no-store"
    assert_invariant(app)

    # Accepting re-inspects the proposal; it passes and is kept.
    tokens = hidden_fields(page)
    client.post(f"{asked}/copies/{proposal.public_id}/accept", data={"csrf_token": tokens["csrf_token"]})
    jobs.drain()
    assert copies()[1].status == CopyStatus.STORED
    assert copies()[1].findings["properly_redacted"] is True
    assert_invariant(app)


def test_start_again_deletes_the_proposal_and_shows_the_upload_form(app, client, jobs, asked):
    proposal = proposed_copy(asked)
    page = client.get(f"{asked}/copies/{proposal.public_id}").get_data(as_text=True)
    response = client.post(
        f"{asked}/copies/{proposal.public_id}/redo", data={"csrf_token": hidden_fields(page)["csrf_token"]}
    )
    assert response.location.endswith(asked)
    assert copies()[1].status == CopyStatus.DELETED and copies()[1].deleted_reason == "redo"
    assert files_on_disk(app) == set()
    assert 'type="file"' in client.get(asked).get_data(as_text=True)


def test_a_forged_or_foreign_link_shows_nothing(client, asked):
    assert client.get(asked[:-3] + "abc").status_code == 404
    assert client.get("/id/not-a-token").status_code == 404


def test_the_status_page_tells_the_requester_an_id_copy_is_awaited_until_one_passes(app, client, jobs, asked):
    from urllib.parse import urlsplit

    from dsar.intake.service import status_url

    with app.test_request_context():
        status_path = urlsplit(status_url(the_case())).path
    awaited = "We asked you by e-mail for a copy of the front of an identity document"
    page = client.get(status_path).get_data(as_text=True)
    assert awaited in page and "at the latest 7 days after you upload it" in page

    post_upload(client, asked, cards.to_png(cards.make("be_eid", REDACTED).image))
    jobs.drain()
    assert awaited not in client.get(status_path).get_data(as_text=True)
