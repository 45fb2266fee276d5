"""Erasure in French against the deployed portal: a person files the request and confirms the
address from the mail the SMTP server received; a handler signs in with TOTP, records the Art. 19
recipients (the portal refuses "granted" before that), decides, and sends the answer; the person
reads the French decision letter from the mail's link with no staff session, and the status page
says answered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deployed import steps

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


def test_french_erasure_with_art19_recipients_and_the_decision_letter(deployment, person, desk):
    email = steps.unique_address("camille")
    page = person.new_page()
    reference = steps.file_request(
        page, deployment, "fr", ["erasure"], "Camille Dubois", email,
        erasure_scope="Mon compte client et mon profil newsletter",
    )  # fmt: skip
    assert page.locator("h1").inner_text() == "Nous avons reçu votre demande"

    acknowledgement = steps.wait_for_mail(deployment, email, reference)
    assert "Camille Dubois" in steps.body(acknowledgement)
    steps.confirm_address(page, acknowledgement)
    assert page.locator(".state").inner_text() == "En cours de traitement"
    status_url = page.url

    handler = steps.create_staff(deployment, "handler", "Hugo Handler")
    staff = desk.new_page()
    steps.sign_in(staff, deployment, handler)
    steps.open_case(staff, deployment, reference)
    [sub_id] = steps.sub_request_ids(staff)

    # Art. 19: an erasure cannot be decided as carried out before the recipients are dealt with.
    steps.decide(staff, sub_id, "granted")
    assert staff.locator(f"#sub-{sub_id} .outcome").inner_text() == "not decided"
    assert "Art. 19" in steps.flash(staff), steps.flash(staff)

    steps.record_recipient(staff, sub_id, "Routeur Mail SA", "2026-11-20", "e-mail")
    steps.record_recipient(staff, sub_id, "Partenaire Fidélité SPRL", "2026-11-21", "API")
    recipients = staff.locator(f"#sub-{sub_id} .recipients").inner_text()
    assert "Routeur Mail SA notified" in recipients and "Partenaire Fidélité SPRL notified" in recipients

    steps.decide(staff, sub_id, "granted")
    assert staff.locator(f"#sub-{sub_id} .outcome").inner_text() == "Granted"

    # The decision letter on the case file, in the requester's language.
    letter_link = staff.locator(".letters a", has_text="download PDF").first
    with staff.expect_download() as download:
        letter_link.click()
    staff_letter = steps.pdf_text(Path(download.value.path()).read_bytes())
    assert "Réponse à votre demande" in staff_letter and reference in staff_letter

    staff.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in steps.flash(staff)

    answer = steps.wait_for_mail(deployment, email, "Notre réponse à votre demande")
    text = steps.body(answer)
    assert reference in str(answer["Subject"])
    assert "Effacement" in text and "Accordée" in text

    # The person downloads the letter from the mail, with no staff session at all.
    [letter_url] = steps.links_in(answer, "/download/")
    response = deployment.http().get(letter_url, timeout=60)
    assert response.status_code == 200, response.text[:500]
    assert int(response.headers["Content-Length"]) == len(response.content)
    letter = steps.pdf_text(response.content)
    assert "Réponse à votre demande" in letter
    assert "Madame, Monsieur," in letter and "Effacement" in letter
    assert "article 77" in letter.replace("\n", " ")  # the authority and the courts (Art. 77, 79)

    page.goto(status_url)
    assert page.locator(".state").inner_text() == "Répondue"

    events = ("Answer sent", "Answer downloaded by the requester")
    timeline = steps.timeline_with(staff, deployment, reference, *events)
    assert all(event in timeline for event in events), timeline
