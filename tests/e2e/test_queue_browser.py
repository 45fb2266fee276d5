"""A handler works the queue in a real browser: filters, ticks cases, assigns them in bulk, closes
one as a duplicate with a reason, and sees what happened on the queue and on the case file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.forms import FormClient
from tests.support.signin import sign_in_browser

pytestmark = pytest.mark.browser


def test_handler_filters_assigns_in_bulk_and_closes_a_duplicate(live_server, browser, staff):
    app = live_server.app
    with app.app_context():
        staff("handler", password="correct horse battery")
        dpo = staff("dpo", email="dee.po@example.org")
        forms = FormClient(app.test_client())
        forms.submit_request(rights=["access"], email="an@example.org")
        forms.submit_request(rights=["access"], email="An@Example.org")
        forms.submit_request(rights=["erasure"], email="bo@example.org")
        first, repeat, other = db.session.scalars(select(Case).order_by(Case.id)).all()
        dpo_id = dpo.id
        db.session.remove()

    desk = browser.new_page(locale="en-GB")
    sign_in_browser(desk, live_server, "handler@example.org")

    desk.get_by_label("Right", exact=True).select_option("access")
    desk.get_by_role("button", name="Filter").click()
    assert desk.locator(f'tr[data-reference="{other.reference}"]').count() == 0
    repeat_row = desk.locator(f'tr[data-reference="{repeat.reference}"]')
    assert "possible duplicate" in repeat_row.inner_text()  # flagged at intake, not merged

    desk.get_by_label(f"Select {first.reference}").check()
    desk.get_by_label(f"Select {repeat.reference}").check()
    desk.get_by_label("Action").select_option("assign")
    desk.locator("#bulk-assignee").select_option(str(dpo_id))
    desk.get_by_role("button", name="Apply to the ticked cases").click()
    assert f"Done for 2 cases: {first.reference}, {repeat.reference}" in desk.locator(".flash").inner_text()
    assert "right=access" in desk.url  # the filter stays
    assert desk.locator(f'tr[data-reference="{first.reference}"] td.assignee').inner_text() == "Dpo"

    desk.get_by_label(f"Select {repeat.reference}").check()
    desk.get_by_label("Action").select_option("duplicate")
    desk.get_by_label("Duplicate of case").fill(first.reference)
    desk.get_by_label("Reason (kept on each case)").fill("Same request sent twice the same day")
    desk.get_by_role("button", name="Apply to the ticked cases").click()
    assert f"Done for 1 case: {repeat.reference}" in desk.locator(".flash").inner_text()
    assert desk.locator(f'tr[data-reference="{repeat.reference}"]').count() == 0  # closed, off the queue

    desk.goto(f"{live_server.url}/staff/cases/{repeat.reference}")
    assert "Closed as a duplicate" in desk.locator(".closed-as").inner_text()
    assert desk.locator(".closure-note").inner_text() == "Same request sent twice the same day"
    desk.locator(".closed-as").get_by_role("link", name=first.reference).click()
    assert desk.locator("h1").inner_text() == f"Case {first.reference}"
    assert "Possibly repeated by" in desk.locator(".assignment-summary").inner_text()
