"""A failed identity check against the deployed portal, ending in the Art. 12(4) letter: the person
sends a redacted ID copy that does not match; the handler records "not confirmed" (the copy is
deleted at that decision), the case tells staff to answer with the Art. 12(4) information, and the
person receives the letter saying so, with the authority and the courts (rules 5.5, C4)."""

from __future__ import annotations

import pytest

from tests.deployed import steps
from tests.identity import cards

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


def test_identity_not_confirmed_ends_in_the_art_12_4_letter(deployment, person, desk, tmp_path):
    email = steps.unique_address("noor")
    page = person.new_page()
    page.set_viewport_size({"width": 1280, "height": 1800})  # room for the redaction editor
    reference = steps.file_request(page, deployment, "en", ["access"], "Noor de Vries", email)
    steps.confirm_address(page, steps.wait_for_mail(deployment, email, reference))

    handler = steps.create_staff(deployment, "handler", "Iris Handler")
    staff = desk.new_page()
    steps.sign_in(staff, deployment, handler)
    steps.open_case(staff, deployment, reference)
    steps.ask_for_id_copy(staff, "The request asks for data of an account opened under another name.")

    upload_link = steps.link_in(steps.wait_for_mail(deployment, email, "We need information"), "/id/")
    card = tmp_path / "card.png"
    card.write_bytes(cards.to_png(cards.make("nl_id", cards.FIELDS).image))
    page.goto(upload_link + "?lang=en")
    steps.send_id_copy(page, card)
    assert page.locator(".id-done").is_visible(), page.content()

    steps.open_case(staff, deployment, reference)
    steps.verify_id_copy(
        staff, handler, passed=False, document_type="nl_identity_card",
        reason="The name on the card is not the name of the account holder.",
    )  # fmt: skip
    assert staff.locator(".id-check.failed").count() == 1
    assert "copy deleted" in staff.locator(".id-check.failed").inner_text()  # at the decision
    assert staff.locator(".id-copy-row.status-stored").count() == 0
    # Rules 5.5: nothing is disclosed, and staff are told to answer with the Art. 12(4) information.
    assert staff.locator(".art-12-4").is_visible()

    [sub_id] = steps.sub_request_ids(staff)
    steps.decide(
        staff, sub_id, "identity_not_confirmed",
        reasons="We could not confirm that you are the person whose data you asked for.",
    )  # fmt: skip
    assert staff.locator(f"#sub-{sub_id} .outcome").inner_text().startswith("Identity could not be confirmed")
    staff.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in steps.flash(staff)

    answer = steps.wait_for_mail(deployment, email, "Our answer to your request")
    text = " ".join(steps.body(answer).split())
    assert "supervisory authority" in text and "Art. 77(1)" in text and "Art. 79(2)" in text  # Art. 12(4)
    [letter_url] = steps.links_in(answer, "/download/")
    response = deployment.http().get(letter_url, timeout=60)
    assert response.status_code == 200, response.text[:500]
    letter = " ".join(steps.pdf_text(response.content).split())
    assert "we could not confirm your identity" in letter
    assert "Art. 77" in letter or "Article 77" in letter
    page.goto(steps.link_in(answer, "/status/"))
    assert page.locator(".state").inner_text() == "Answered"
