"""A download counts as delivered only when the last byte was handed over: served by a real HTTP
server, a reader that hangs up half-way leaves an interrupted download on the case, not proof of
delivery."""

from __future__ import annotations

import http.client
import socket
import struct
import threading
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import (
    confirmed_case,
    decide,
    post_action,
    record_of_processing,  # noqa: F401 - autouse: Art. 15(1) record
)
from tests.cases.test_files import attach, download_path
from tests.support.services import free_port

BIG_CSV = b"order,date,amount\n" + b"1001,2026-01-05,19.99\n" * 400_000  # about 9 MB


@pytest.fixture
def served(app):
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()


def answered_case(forms, client, staff, package: bytes) -> Case:
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    attach(client, case, package, "orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")
    return case


def download_events(case_id: int) -> list[CaseEvent]:
    db.session.expire_all()
    kinds = ("answer_downloaded", "download_interrupted")
    query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind.in_(kinds))
    return list(db.session.scalars(query.order_by(CaseEvent.id)))


def test_a_whole_download_has_its_length_announced_and_is_recorded_once(forms, client, staff, served):
    case = answered_case(forms, client, staff, BIG_CSV)
    path = urlsplit(download_path()).path
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Length") == str(len(BIG_CSV))
    assert response.read() == BIG_CSV
    connection.close()
    events = _wait_for_events(case.id, 1)
    assert [event.kind for event in events] == ["answer_downloaded"]


def test_a_reader_that_hangs_up_half_way_leaves_an_interrupted_download(forms, client, staff, served):
    case = answered_case(forms, client, staff, BIG_CSV)
    path = urlsplit(download_path()).path
    with socket.create_connection(("127.0.0.1", served), timeout=30) as reader:
        reader.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert reader.recv(64 * 1024).startswith(b"HTTP/1.1 200")
        # The person's connection drops: a reset, not a polite close.
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    events = _wait_for_events(case.id, 1)
    assert [event.kind for event in events] == ["download_interrupted"]
    assert events[0].data["bytes_sent"] < len(BIG_CSV)


def _wait_for_events(case_id: int, count: int, seconds: float = 20.0) -> list[CaseEvent]:
    """The server reports the outcome when it closes the response, just after the reader stops."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        events = download_events(case_id)
        if len(events) >= count:
            return events
        time.sleep(0.1)
    return download_events(case_id)
