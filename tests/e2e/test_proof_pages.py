"""The reports and audit trail pages in a real browser: the server-drawn charts render under the
strict CSP with no violation and nothing fetched from another origin; the figures are also a table."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from tests.support.signin import sign_in_browser

pytestmark = pytest.mark.browser


def test_reports_and_the_trail_render_under_the_strict_csp(live_server, browser, staff):
    from dsar.cases.service import NewRequest, open_case
    from dsar.core.db import db

    with live_server.app.app_context():
        staff("dpo", password="correct horse battery")
        request = NewRequest(
            rights={"access": {}, "erasure": {}},
            name="X",
            email="x@example.org",
            language="en",
            received_at=datetime.now(UTC),
        )
        reference = open_case(request, "BE").reference
        db.session.commit()

    page = browser.new_page(locale="en-GB")
    problems, foreign, failed = [], [], []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    sign_in_browser(page, live_server, "dpo@example.org")

    page.get_by_text("Oversight").click()  # the menu that holds them
    page.get_by_role("link", name="Reports").click()
    chart = page.get_by_role("img", name="Requests per right per month of receipt")
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # drawn, not blocked
    assert page.locator("#received").inner_text() == "1"
    assert page.locator("table.report-table tbody tr").count() == 12

    page.get_by_text("Oversight").click()
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_placeholder("Case reference").fill(reference)
    page.get_by_role("button", name="Filter").click()
    assert page.locator("td.action").all_inner_texts() == ["Request received"]  # worded, not a code
    page.get_by_role("button", name="Check the chain now").click()
    assert "The chain is intact" in page.locator(".chain-ok").inner_text()
    # Nothing fails, the favicon included (the browser asks for it on its own).
    assert failed == [] and foreign == [] and problems == []
    assert page.evaluate("fetch('/favicon.ico').then(r => r.status)") == 200


def test_the_chart_legends_fit_inside_their_drawing_in_french(live_server, browser, staff):
    with live_server.app.app_context():
        staff("dpo", password="correct horse battery")
    page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
    sign_in_browser(page, live_server, "dpo@example.org")
    page.goto(live_server.url + "/staff/reports/?lang=fr")
    assert page.locator("figure.chart-figure figcaption").first.is_visible()
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text.legend')].map(t => {
            const b = t.getBBox(), v = t.ownerSVGElement.viewBox.baseVal;
            return {x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height,
                    width: v.width, height: v.height};
        })"""
    )
    assert len(boxes) == 7
    assert all(b["x"] >= 0 and b["right"] <= b["width"] and b["bottom"] <= b["height"] for b in boxes)
    for one, other in itertools.pairwise(boxes):
        same_row = abs(one["y"] - other["y"]) < 1
        assert not same_row or other["x"] >= one["right"]  # no name drawn over the next
