"""Deciding a case in a real browser: a handler opens an erasure case, adds an internal note, logs
time, records the Art. 19 recipient and ticks every system, decides the erasure and sends the
answer, which really reaches the SMTP server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.casework.models import DataSystem
from dsar.core.db import db
from tests.support.forms import FormClient
from tests.support.signin import sign_in_browser

pytestmark = pytest.mark.browser


def erasure_case(app) -> tuple[str, int]:
    with app.app_context():
        from dsar.accounts.service import create_staff

        create_staff("handler@example.org", "Hanna Handler", "handler", "correct horse battery")
        db.session.add_all(
            [DataSystem(name="CRM", owner="Sales"), DataSystem(name="Mailer", owner="Marketing")]
        )
        db.session.commit()
        FormClient(app.test_client()).submit_request(
            rights=["erasure"], erasure_scope="My newsletter profile", email="eva@example.org", name="Eva"
        )
        case = db.session.scalars(select(Case)).one()
        case.state = "in_progress"  # the requester confirmed the address
        db.session.commit()
        return case.reference, case.sub_requests[0].id


def test_a_handler_decides_an_erasure_and_the_answer_reaches_the_requester(live_server, browser, smtp_sink):
    reference, sub_id = erasure_case(live_server.app)
    smtp_sink.wait_for(1)  # the acknowledgement

    page = browser.new_page(locale="en-GB")
    sign_in_browser(page, live_server, "handler@example.org")
    page.get_by_role("link", name=reference).click()

    page.get_by_label("Internal note (never shown to the requester)").fill(
        "Requester called to confirm scope"
    )
    page.get_by_role("button", name="Add the note").click()
    assert "Requester called to confirm scope" in page.locator(".notes").inner_text()

    page.locator(".time-form input[name=minutes]").fill("25")
    page.get_by_label("What was done").fill("Erased the newsletter profile")
    page.get_by_role("button", name="Log the time").click()
    assert page.locator(".total-minutes").inner_text() == "25"

    sub = page.locator(f"#sub-{sub_id}")
    sub.locator(".add-recipient summary").click()
    sub.locator(f"[name='r{sub_id}-recipient']").fill("Mailer BV")
    sub.locator(f"[name='r{sub_id}-notified_on']").fill("2026-11-20")
    sub.locator(f"[name='r{sub_id}-channel']").fill("e-mail")
    sub.get_by_role("button", name="Record").click()
    sub = page.locator(f"#sub-{sub_id}")
    assert "Mailer BV notified" in sub.locator(".recipients").inner_text()

    for system, note in [("CRM", "Contact deleted"), ("Mailer", "Profile deleted")]:
        page.locator(f"#sub-{sub_id}").get_by_label(f"Note for {system}").fill(note)
        page.locator(f"#sub-{sub_id}").get_by_role("button", name=f"Tick {system}").click()
    assert page.locator(f"#sub-{sub_id} tr.system.open").count() == 0

    sub = page.locator(f"#sub-{sub_id}")
    sub.locator(".decide summary").click()
    sub.locator(f"[name='d{sub_id}-outcome']").select_option("granted")
    sub.get_by_role("button", name="Record the decision").click()
    assert page.locator(f"#sub-{sub_id} .outcome").inner_text() == "Granted"

    page.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in page.locator(".flash").inner_text()

    messages = smtp_sink.wait_for(2)
    answer = next(m for m in messages if "Our answer" in str(m["Subject"]))
    assert answer["To"] == "eva@example.org" and reference in str(answer["Subject"])
    body = answer.get_body(("plain",)).get_content()
    assert "Granted" in body and "Requester called" not in body  # internal notes never go out
