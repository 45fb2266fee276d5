"""One code, one sign-in, even when the same code arrives in parallel (ASVS 6.5.1, issue 13 item 6):
six browsers that passed the password step post the same code at the same moment to the portal served
on loopback, and exactly one of them is signed in."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from dsar.accounts.models import StaffUser
from dsar.core.db import db
from tests.support.forms import hidden_fields
from tests.support.services import free_port
from tests.support.signin import PASSWORD, code_for

PARALLEL = 6


@pytest.fixture
def served(make_app):
    """The portal on a threaded werkzeug server: requests really run side by side."""
    port = free_port()
    app = make_app(BASE_URL=f"http://127.0.0.1:{port}")
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies, through the real pages."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def post_form(self, path: str, data: dict) -> tuple[int, str, str]:
        _status, _location, page = self.open(path)
        return self.open(path, {**hidden_fields(page), **data})

    def password_step(self, email: str) -> None:
        status, location, _page = self.post_form("/staff/login", {"email": email, "password": PASSWORD})
        assert status == 302 and location.endswith("/staff/login/code")


def test_the_same_code_posted_in_parallel_signs_in_once(served, staff):
    handler = staff("handler")
    browsers = [Browser(served) for _ in range(PARALLEL)]
    for browser in browsers:
        browser.password_step(handler.email)
    forms = []
    for browser in browsers:
        _status, _location, page = browser.open("/staff/login/code")
        forms.append(hidden_fields(page))
    code = code_for(db.session.scalar(select(StaffUser).where(StaffUser.email == handler.email)))
    db.session.remove()  # the test holds no database lock while the portal works

    start, outcomes = threading.Barrier(PARALLEL), [None] * PARALLEL

    def post_code(number: int) -> None:
        start.wait()
        outcomes[number] = browsers[number].open("/staff/login/code", {**forms[number], "code": code})

    threads = [threading.Thread(target=post_code, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, _location, _page in outcomes].count(500) == 0
    signed_in = [browser for browser in browsers if browser.open("/staff/cases")[0] == 200]
    assert len(signed_in) == 1
    refused = [page for status, _location, page in outcomes if status == 200]
    assert len(refused) == PARALLEL - 1
    assert all("The code is not valid" in page for page in refused)
