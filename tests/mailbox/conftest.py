"""Fixtures of the mailbox tests: a real IMAP server (dovecot) and mail shaped as people send it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.mailbox.imap_server import DovecotServer


@pytest.fixture(scope="session")
def imap_server():
    # Not under pytest's temp dir: that one is private to the test user, and as root dovecot
    # reads the maildir as its own unprivileged user.
    directory = Path(tempfile.mkdtemp(prefix="dsar-dovecot-"))
    os.chmod(directory, 0o755)
    server = DovecotServer(directory)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def imap_tls_server():
    """A second server that speaks TLS and STARTTLS with a throwaway certificate."""
    directory = Path(tempfile.mkdtemp(prefix="dsar-dovecot-tls-"))
    os.chmod(directory, 0o755)
    server = DovecotServer(directory, tls=True)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def imap(imap_server):
    """A fresh, empty mailbox on the session's server."""
    return imap_server.new_mailbox()


@pytest.fixture
def app(make_app, imap):
    """The portal pointed at the test mailbox (the shared fixtures client, forms and staff use it)."""
    from dsar.core.db import db

    app = make_app(**imap.config())
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def mailbox_server(make_app, imap, smtp_sink):
    """The portal served on loopback (as tests/e2e does), reading the test mailbox."""
    from tests.e2e.conftest import _serve

    server = _serve(make_app(JOB_RUNNER="manual", **imap.config(), **smtp_sink.config()))
    yield server
    server.shutdown()


@pytest.fixture
def browser():
    from tests.support.browser import chromium

    with chromium() as instance:
        yield instance
