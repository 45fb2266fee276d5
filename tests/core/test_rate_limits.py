"""Rate limits on the public form (security.md P-01, P-02): enforced per client address, shared by
every web process through Redis, and still enforced per process while Redis is down."""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.forms import FormClient, hidden_fields, valid_request
from tests.support.services import free_port

ROOT = Path(__file__).resolve().parents[2]


def cases() -> int:
    db.session.remove()
    return db.session.scalar(select(func.count(Case.id)))


def test_the_form_refuses_more_than_the_limit_whatever_the_forwarded_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per hour")
    forms = FormClient(app.test_client())
    with app.app_context():
        assert forms.submit_request().status_code == 302
        assert forms.submit_request(email="b@example.org").status_code == 302
        third = forms.submit_request(email="c@example.org", headers={"X-Forwarded-For": "203.0.113.9"})
        assert third.status_code == 429 and "Too many attempts" in third.get_data(as_text=True)
        assert cases() == 2


def test_with_redis_down_the_form_still_accepts_and_still_limits(make_app, redis_server):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="2 per hour", REDIS_URL=redis_server.url)
    redis_server.stop()
    forms = FormClient(app.test_client())
    with app.app_context():
        assert forms.submit_request().status_code == 302  # accepted, and kept (R-01, P-02)
        assert forms.submit_request(email="b@example.org").status_code == 302
        assert forms.submit_request(email="c@example.org").status_code == 429
        assert cases() == 2


class WebProcess:
    """The portal under gunicorn: one more web process, as in production."""

    def __init__(self, database_url: str, redis_url: str, tmp_path: Path):
        self.port = free_port()
        env = {
            **os.environ,
            "DSAR_DATABASE_URL": database_url,
            "DSAR_REDIS_URL": redis_url,
            "DSAR_SECRET_KEY": "s" * 40,
            "DSAR_AUDIT_KEY": "test-audit-key-" + "y" * 32,
            "DSAR_UPLOAD_DIR": str(tmp_path / "uploads"),
            "DSAR_MIN_FILL_SECONDS": "0",
            "DSAR_RATELIMIT_SUBMIT": "3 per hour",
            "DSAR_DEFAULT_LANGUAGE": "en",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{self.port}",
            "app:app",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def submit(self, email: str) -> int:
        """A browser's visit: fetch the form (cookie, CSRF token), then send it."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"http://127.0.0.1:{self.port}/", timeout=30).read().decode()
        data = {**hidden_fields(page), **valid_request(email=email)}
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            return opener.open(f"http://127.0.0.1:{self.port}/", data=body, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def two_web_processes(app, migrated, redis_server, tmp_path):
    processes = [WebProcess(migrated, redis_server.url, tmp_path) for _ in range(2)]
    yield processes
    for process in processes:
        process.stop()


def test_web_processes_share_one_counter_through_redis(app, two_web_processes):
    first, second = two_web_processes
    statuses = [first.submit("a@example.org"), second.submit("b@example.org")]
    statuses += [first.submit("c@example.org"), second.submit("d@example.org")]
    assert statuses.count(429) == 1 and statuses[-1] == 429  # 3 per hour in all, not 3 per process
    assert cases() == 3
