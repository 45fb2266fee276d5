"""A burst of requesters submitting at once over a served portal: nobody gets an error page, and
every request is stored with its acknowledgement and its place on one audit chain."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from dsar.cases.models import Case
from dsar.core import audit
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.support.forms import hidden_fields, valid_request
from tests.support.services import free_port

SUBMITTERS = 8
EACH = 6


@pytest.fixture
def served(make_app):
    app = make_app(JOB_RUNNER="thread")
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{port}"
    server.shutdown()


def submit_several(url: str, submitter: int) -> list[int]:
    statuses = []
    with requests.Session() as browser:
        for n in range(EACH):
            tokens = hidden_fields(browser.get(url + "/", timeout=60).text)
            data = {**tokens, **valid_request(email=f"person{submitter}.{n}@example.org")}
            statuses.append(browser.post(url + "/", data=data, allow_redirects=False, timeout=60).status_code)
    return statuses


def test_eight_requesters_submitting_at_once_all_get_through(served):
    app, url = served
    with ThreadPoolExecutor(SUBMITTERS) as pool:
        statuses = [
            s for batch in pool.map(submit_several, [url] * SUBMITTERS, range(SUBMITTERS)) for s in batch
        ]
    assert statuses == [302] * (SUBMITTERS * EACH)
    with app.app_context():
        emails = set(db.session.scalars(select(Case.requester_email)))
        assert emails == {f"person{s}.{n}@example.org" for s in range(SUBMITTERS) for n in range(EACH)}
        acknowledgements = select(func.count(OutboxMessage.id)).where(
            OutboxMessage.template == "acknowledgement"
        )
        assert db.session.scalar(acknowledgements) == SUBMITTERS * EACH
        assert audit.verify().ok
        db.session.remove()
