"""Art. 20(2) direct transmission against the deployed portal: the person asks for portability
straight to another organisation; a handler grants it, attaches the package and names the
recipient; the person confirms the recipient from their own mailbox; only then does the recipient
get an expiring link, and what it downloads is byte for byte the package, with the SHA-256 the mail
states. The person's own answer follows."""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from tests.deployed import steps

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


def wait_until_scanned(page, deployment, reference: str, name: str) -> None:
    """An attached file is held until clamd passed it (security.md U-12)."""
    deadline = time.monotonic() + steps.PATIENCE
    while time.monotonic() < deadline:
        steps.open_case(page, deployment, reference)
        row = page.locator("ul.files li", has_text=name)
        if row.count() and "held" not in row.inner_text():
            return
        time.sleep(1)
    raise AssertionError(f"{name} still held after {steps.PATIENCE}s")


def test_direct_transmission_after_the_person_confirms_the_recipient(deployment, person, desk, tmp_path):
    email = steps.unique_address("femke")
    recipient = steps.unique_address("switch.nieuwebank")
    page = person.new_page()
    reference = steps.file_request(
        page, deployment, "nl", ["portability"], "Femke Visser", email,
        portability_destination="Nieuwe Bank NV",
    )  # fmt: skip
    steps.confirm_address(page, steps.wait_for_mail(deployment, email, reference))

    handler = steps.create_staff(deployment, "handler", "Tom Handler")
    staff = desk.new_page()
    steps.sign_in(staff, deployment, handler)
    steps.open_case(staff, deployment, reference)
    assert "Nieuwe Bank NV" in staff.locator(".transmission .destination").inner_text()
    [sub_id] = steps.sub_request_ids(staff)
    steps.decide(staff, sub_id, "granted")

    package = tmp_path / "portability.json"
    package.write_text(json.dumps({"customer": {"name": "Femke Visser", "iban": "NL00TEST0123456789"}}))
    staff.set_input_files("input#package", str(package))
    staff.get_by_role("button", name="Attach", exact=True).click()
    wait_until_scanned(staff, deployment, reference, "portability.json")

    form = staff.locator(".transmission-send")
    form.locator("summary").click()
    form.locator(f"[name='t{sub_id}-recipient_email']").fill(recipient)
    form.locator(f"[name='t{sub_id}-package']").select_option(label="portability.json")
    form.get_by_role("button", name="Ask the requester to confirm").click()
    assert "The requester was asked to confirm the recipient." in steps.flash(staff)

    # Nothing goes to the recipient before the person confirmed it from their own mailbox.
    confirm = steps.wait_for_mail(deployment, email, reference, count=2)
    assert recipient in steps.body(confirm)
    assert steps.mails_to(deployment, recipient) == []
    page.goto(steps.link_in(confirm, "/transmission/confirm/"))
    assert page.locator(".recipient-email").inner_text() == recipient
    page.locator("form button[type=submit]").click()
    assert page.locator(".transmission-sent").is_visible()

    [sent] = [steps.wait_for_mail(deployment, recipient, "20")]
    text = steps.body(sent)
    expected = hashlib.sha256(package.read_bytes()).hexdigest()
    assert expected in text
    response = deployment.http().get(steps.link_in(sent, "/transmission/"), timeout=60)
    assert response.status_code == 200, response.text[:500]
    assert response.content == package.read_bytes()
    assert int(response.headers["Content-Length"]) == len(response.content)

    steps.open_case(staff, deployment, reference)
    assert "Sent" in staff.locator(".transmission-history").inner_text()
    staff.get_by_role("button", name="Send the answer to the requester").click()
    answer = steps.wait_for_mail(deployment, email, "Ons antwoord")
    assert reference in str(answer["Subject"])
    events = ("Direct transmission downloaded", "Answer sent")
    timeline = steps.timeline_with(staff, deployment, reference, *events)
    assert all(event in timeline for event in events), timeline
