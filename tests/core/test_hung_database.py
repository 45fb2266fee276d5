"""A hung database must not block everything (issue 13 item 4, security.md R-09): against a
PostgreSQL that accepts connections and never answers, pages give the plain 503 after the connect
timeout, later ones at once until a retry window has passed, /readyz says unavailable, and /healthz
answers without ever touching the database. A statement that runs too long is cancelled by the
server, and a request that finds every pooled connection busy gets the 503 instead of waiting its turn
forever."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in

PLAIN_503 = "Please try again in a few minutes"


class SilentPostgres:
    """Accepts TCP connections like a PostgreSQL server, then never says a word."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)  # kept open, never answered

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@pytest.fixture
def silent_postgres():
    server = SilentPostgres()
    yield server
    server.close()


def test_a_database_that_never_answers_gives_503s_and_healthz_never_touches_it(make_app, silent_postgres):
    url = f"postgresql+psycopg://dsar:secret@127.0.0.1:{silent_postgres.port}/dsar"
    app = make_app(DATABASE_URL=url, DB_CONNECT_TIMEOUT=2, DB_RETRY_SECONDS=60)
    client = app.test_client()

    page = client.get("/")  # the public form lists client controllers: it needs the database
    assert page.status_code == 503 and PLAIN_503 in page.get_data(as_text=True)
    assert len(silent_postgres.accepted) == 1

    # Right after a failed connection, the next requests answer at once instead of each holding a
    # thread for the connect timeout: no new connection is even tried.
    again = client.get("/")
    assert again.status_code == 503 and PLAIN_503 in again.get_data(as_text=True)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json() == {"status": "unavailable"}
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json() == {"status": "ok"}
    assert len(silent_postgres.accepted) == 1


def test_the_database_is_tried_again_after_the_retry_window(make_app, silent_postgres):
    url = f"postgresql+psycopg://dsar:secret@127.0.0.1:{silent_postgres.port}/dsar"
    client = make_app(DATABASE_URL=url, DB_CONNECT_TIMEOUT=2, DB_RETRY_SECONDS=1).test_client()
    assert client.get("/readyz").status_code == 503
    time.sleep(1.2)  # the window passes: the next request finds out whether the database is back
    assert client.get("/readyz").status_code == 503
    assert len(silent_postgres.accepted) == 2


def test_healthz_does_not_load_a_signed_in_user_from_the_database(
    forms, client, staff, make_app, silent_postgres
):
    """A staff cookie sent to /healthz (a browser tab, a misconfigured probe) costs no query."""
    staff("handler")
    sign_in(forms)
    cookie = client.get_cookie("dsar")
    url = f"postgresql+psycopg://dsar:secret@127.0.0.1:{silent_postgres.port}/dsar"
    hung = make_app(DATABASE_URL=url, DB_CONNECT_TIMEOUT=2).test_client()
    hung.set_cookie("dsar", cookie.value)
    assert hung.get("/healthz").status_code == 200
    assert silent_postgres.accepted == []


def test_a_request_finding_every_connection_busy_gets_the_503(make_app):
    app = make_app(DB_POOL_TIMEOUT=1)
    with app.app_context():
        pool = db.engine.pool
        held = [db.engine.connect() for _ in range(pool.size() + pool._max_overflow)]
        try:
            page = app.test_client().get("/")
        finally:
            for connection in held:
                connection.close()
    assert page.status_code == 503 and PLAIN_503 in page.get_data(as_text=True)


@pytest.mark.skipif(
    not os.environ.get("DSAR_TEST_DATABASE_URL", "").startswith("postgresql"), reason="needs PostgreSQL"
)
def test_postgresql_cancels_a_statement_past_the_statement_timeout(make_app):
    app = make_app(DB_STATEMENT_TIMEOUT=1)
    with app.app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "1s"
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(text("SELECT pg_sleep(3)"))
        db.session.rollback()
