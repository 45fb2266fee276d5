"""The collection's progress in a real browser: the case page polls it with its own script (no
inline code, no CSP violation) and shows the bundle once the job is done."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dsar.cases.service import NewRequest, open_case
from dsar.core.db import db
from dsar.exports import admin
from tests.exports.conftest import PERSON, build_sqlite
from tests.support.signin import sign_in_browser

pytestmark = pytest.mark.browser

MANY = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)"
    " SELECT i, c.name FROM n, customers c WHERE c.email = :email"
)


def test_the_case_page_follows_the_collection_until_the_bundle_is_ready(
    held_jobs_server, browser, staff, tmp_path
):
    live_server = held_jobs_server
    path = tmp_path / "crm.db"
    build_sqlite(path)
    with live_server.app.app_context():
        staff("handler", password="correct horse battery")
        source = admin.add_source("CRM", "sql", f"sqlite:///{path}", None)
        admin.add_query(source, admin.QuerySpec("history", "email", MANY), None)
        request = NewRequest({"access": {}}, "An Peeters", PERSON, "en", datetime.now(UTC))
        case = open_case(request, "BE")
        case.state = "in_progress"
        db.session.commit()
        reference = case.reference

    page = browser.new_page(locale="en-GB")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in_browser(page, live_server, "handler@example.org")
    page.goto(f"{live_server.url}/staff/cases/{reference}")
    page.get_by_role("button", name="Collect the data from every source").click()

    assert page.locator("#collection-progress progress").count() == 1  # queued: the job is held
    live_server.app.extensions["dsar_jobs"].drain()  # the collection runs now
    page.wait_for_selector("p.bundle", timeout=60000)  # the script reloads the page when done
    assert "done" in page.locator(".collection-status").inner_text().lower()
    assert page.locator("tr.source-done").inner_text().split("\t")[:3] == ["CRM", "Done", "60000"]
    assert page.locator("p.bundle").get_by_role("link", name=f"data-{reference}.zip").count() == 1
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
