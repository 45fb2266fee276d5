"""An ID-copy case against the deployed portal: a handler records a reasonable doubt; the person
gets the upload link by mail; a card with the photo and numbers visible is not kept (the worker's
inspection offers an auto-redacted version instead); a properly redacted card is kept, encrypted;
the handler verifies it, and the copy is gone from the server's disk at that decision."""

from __future__ import annotations

import pytest

from tests.deployed import steps
from tests.identity import cards

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


def test_unredacted_refused_redacted_kept_verified_and_deleted(deployment, person, desk, tmp_path):
    email = steps.unique_address("jan")
    page = person.new_page()
    page.set_viewport_size({"width": 1280, "height": 1800})  # room for the redaction editor
    reference = steps.file_request(page, deployment, "en", ["access"], "Jan Janssens", email)
    steps.confirm_address(page, steps.wait_for_mail(deployment, email, reference))

    handler = steps.create_staff(deployment, "handler", "Ida Handler")
    staff = desk.new_page()
    steps.sign_in(staff, deployment, handler)
    steps.open_case(staff, deployment, reference)
    steps.ask_for_id_copy(staff, "The name differs from the customer record for this address.")

    asked = steps.wait_for_mail(deployment, email, "We need information for your request")
    assert "blacked out" in steps.body(asked) or "Black out" in steps.body(asked)
    upload_link = steps.link_in(asked, "/id/")
    before = set(steps.id_copy_files(deployment))

    # A photo of the card with everything visible: not kept, an auto-redacted version is offered.
    unredacted = tmp_path / "my-card.png"
    unredacted.write_bytes(cards.to_png(cards.make("be_eid").image))
    page.goto(upload_link + "?lang=en")
    steps.send_id_copy(page, unredacted)
    assert page.locator(".id-findings").is_visible(), page.content()
    visible = page.locator(".id-findings ul.visible").inner_text()
    assert "your photo" in visible and "national number" in visible
    page.get_by_role("button", name="Start again with another file").click()

    # The same card with the photo, the numbers and the MRZ blacked out: kept.
    redacted = tmp_path / "my-card-redacted.png"
    redacted.write_bytes(cards.to_png(cards.make("be_eid", cards.FIELDS).image))
    assert page.url.split("?")[0] == upload_link.split("?")[0], page.url  # back on the upload page
    steps.send_id_copy(page, redacted)
    assert "Thank you: we received your redacted ID copy" in page.locator(".id-done").inner_text()

    stored = set(steps.id_copy_files(deployment)) - before
    assert len(stored) == 1, stored  # only the redacted copy is on disk
    [blob] = stored
    assert b"PNG" not in blob.read_bytes()[:64]  # encrypted at rest

    steps.open_case(staff, deployment, reference)
    assert staff.locator(".id-copy-row.status-stored").count() == 1
    steps.verify_id_copy(staff, handler, passed=True, document_type="be_identity_card")

    assert not blob.exists()  # deleted at the decision (rules 5.4, EDPB 01/2022 §79)
    assert staff.locator(".id-check.passed").count() == 1
    assert staff.locator(".id-copy-row.status-stored").count() == 0
    timeline = staff.locator(".timeline").inner_text()
    assert "ID check passed" in timeline and "ID copy deleted" in timeline
    rows = steps.read_database(
        deployment,
        "SELECT status, storage_key FROM id_copy WHERE case_id = "
        '(SELECT id FROM "case" WHERE reference = :reference)',
        reference=reference,
    )
    assert rows and all(row.status == "deleted" and row.storage_key is None for row in rows), rows
