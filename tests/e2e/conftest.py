"""A real browser (Debian's Chromium driven by Playwright) against the portal served on loopback."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from tests.support.browser import chromium
from tests.support.services import free_port


def _serve(app):
    port = free_port()
    app.config["BASE_URL"] = f"http://127.0.0.1:{port}"
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.app = app
    server.url = f"http://127.0.0.1:{port}"
    return server


@pytest.fixture
def live_server(make_app, smtp_sink):
    server = _serve(make_app(JOB_RUNNER="thread", **smtp_sink.config()))
    yield server
    server.shutdown()


@pytest.fixture
def held_jobs_server(make_app, smtp_sink):
    """The portal served with jobs held until the test runs them (``server.app.extensions
    ["dsar_jobs"].drain()``), for pages that show work in progress."""
    server = _serve(make_app(JOB_RUNNER="manual", **smtp_sink.config()))
    yield server
    server.shutdown()


@pytest.fixture
def browser():
    with chromium() as instance:
        yield instance
