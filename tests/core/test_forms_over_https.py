"""Forms posted over HTTPS by a real browser are accepted.

Over HTTPS Flask-WTF refuses a post whose Referer is missing or from another origin
(WTF_CSRF_SSL_STRICT). Whether a browser sends one is decided by the page's Referrer-Policy, so the
policy and the CSRF check must agree: under ``no-referrer`` the deployed portal answered every
form in Chromium with "Your form session expired" (found by the journeys in tests/deployed)."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.forms import hidden_fields, valid_request

SITE = "https://portal.example"
# What a browser sends as Referer on a same-origin post, per the W3C Referrer Policy spec.
FULL_URL = {
    "same-origin",
    "strict-origin-when-cross-origin",
    "origin-when-cross-origin",
    "no-referrer-when-downgrade",
    "unsafe-url",
}
ORIGIN_ONLY = {"origin", "strict-origin"}
# Policies that never hand a page's URL (and the signed token in its path) to another site.
NEVER_CROSS_SITE = {"same-origin", "no-referrer", "strict-origin", "origin"}


def referer_a_browser_sends(policy: str, page_url: str) -> str | None:
    if policy in FULL_URL:
        return page_url
    if policy in ORIGIN_ONLY:
        parts = urlsplit(page_url)
        return f"{parts.scheme}://{parts.netloc}/"
    return None  # no-referrer


def post_like_a_browser(client, path: str, data: dict):
    page = client.get(path, base_url=SITE)
    assert page.status_code == 200
    policy = page.headers["Referrer-Policy"]
    assert policy in NEVER_CROSS_SITE, policy
    referer = referer_a_browser_sends(policy, SITE + path)
    headers = {"Referer": referer} if referer else {}
    fields = {**hidden_fields(page.get_data(as_text=True)), **data}
    return client.post(path, base_url=SITE, data=fields, headers=headers)


def test_the_request_form_posted_over_https_by_a_browser_files_the_request(client):
    response = post_like_a_browser(client, "/", valid_request())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_the_staff_sign_in_posted_over_https_by_a_browser_is_not_a_csrf_error(client):
    response = post_like_a_browser(
        client, "/staff/login", {"email": "nobody@example.org", "password": "wrong"}
    )
    assert "form session expired" not in response.get_data(as_text=True)
    assert response.status_code != 400


def test_the_status_page_sends_no_referer_at_all(client, forms):
    from dsar.intake.service import status_url

    forms.submit_request()
    link = status_url(db.session.scalars(select(Case)).one())
    response = client.get(link, base_url=SITE)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"  # security.md P-06
