"""Signed link tokens stay out of gunicorn's access log (issue 13 item 11, security.md P-06): real
gunicorn started with the README's command and ``gunicorn.conf.py``, real token URLs requested, the
access log read back."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dsar.core.links import LinkPurpose, make_token
from tests.support.services import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gunicorn(app, migrated, tmp_path):
    """``gunicorn -c gunicorn.conf.py app:app`` as in the README, its access log to a file."""
    port, log = free_port(), tmp_path / "access.log"
    env = {
        **os.environ,
        "DSAR_DATABASE_URL": migrated,
        "DSAR_SECRET_KEY": app.config["SECRET_KEY"],
        "DSAR_AUDIT_KEY": app.config["AUDIT_KEY"],
        "DSAR_UPLOAD_DIR": str(tmp_path / "uploads"),
        "DSAR_SWEEP_INTERVAL": "0",  # no periodic tick in the web process: nothing else to wait for
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "1"]
    command += ["--bind", f"127.0.0.1:{port}", "--access-logfile", str(log), "app:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(port)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        try:
            process.wait(30)  # gunicorn's graceful shutdown
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def get(url: str, **headers) -> int:
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_tokens_in_link_paths_and_referers_never_reach_the_access_log(app, gunicorn):
    base, log = gunicorn
    tokens = {
        "/status/": make_token(LinkPurpose.STATUS, "case-public-id"),
        "/confirm/": make_token(LinkPurpose.CONFIRM_EMAIL, "case-public-id"),
        "/download/": make_token(LinkPurpose.DOWNLOAD, "file-public-id"),
        "/controller/": make_token(LinkPurpose.CONTROLLER, "forward-public-id"),
    }
    for prefix, token in tokens.items():
        get(base + prefix + token)
    status_page = base + "/status/" + tokens["/status/"]
    get(base + "/static/portal.css", Referer=status_page)  # a page's stylesheet names the page

    deadline = time.monotonic() + 30  # the stylesheet's line is the last one written
    while "/static/portal.css" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    written = log.read_text()
    for prefix, token in tokens.items():
        assert f"GET {prefix}[token] HTTP/1.1" in written
        assert token not in written and token.rsplit(".", 1)[1] not in written
    assert "/static/portal.css" in written and f"{base}/status/[token]" in written
