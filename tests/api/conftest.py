"""API fixtures: clients made by an admin through the clients service, and a webhook receiver
on loopback that verifies Standard Webhooks signatures the way an integrator's code would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dsar.api.clients import create_client
from dsar.core.db import db
from tests.support.services import free_port


@pytest.fixture
def api_token(app, staff):
    """``api_token("cases:read", ...)``: a new client's bearer token (as the admin page shows it)."""
    admin = staff("admin", email="api-admin@example.org", enrol=False)

    def make(*scopes: str, name: str | None = None) -> str:
        _client, token = create_client(name or f"system {len(make.made)}", list(scopes), admin.id)
        db.session.commit()
        make.made.append(token)
        return token

    make.made = []
    return make


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def verify_signature(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    """Standard Webhooks verification, written from the specification (not from our code)."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    )
    offered = [
        part.split(",", 1)[1] for part in headers["webhook-signature"].split() if part.startswith("v1,")
    ]
    return any(hmac.compare_digest(expected.decode(), sig) for sig in offered)


class Receiver:
    """An integrator's endpoint: checks each signature, processes each webhook-id once (its
    idempotency key), and can answer 500 or hold its answer to stage failures."""

    def __init__(self):
        self.secret: str | None = None
        self.received: list[dict] = []  # every delivery, repeats included
        self.processed: dict[str, dict] = {}  # webhook-id -> event, once
        self.fail_next = 0
        self.hold: threading.Event | None = None  # set by the test to let a held answer go
        self.arrived = threading.Event()
        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.url = f"http://127.0.0.1:{self.port}/hooks"

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.take(self.headers, body)
                if receiver.hold is not None:
                    receiver.hold.wait(30)
                status = 500 if receiver.fail_next else 204
                receiver.fail_next = max(0, receiver.fail_next - 1)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def take(self, headers, body: bytes) -> None:
        valid = self.secret is not None and verify_signature(self.secret, headers, body)
        entry = {"id": headers["webhook-id"], "valid": valid, "body": json.loads(body), "raw": body}
        entry["headers"] = {
            name: headers[name] for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
        }
        self.received.append(entry)
        if valid and entry["id"] not in self.processed:
            self.processed[entry["id"]] = entry["body"]
        self.arrived.set()

    def types(self) -> list[str]:
        return [entry["body"]["type"] for entry in self.received]

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.hold is not None:
            self.hold.set()
        self.server.shutdown()


@pytest.fixture
def receiver():
    found = Receiver()
    found.start()
    yield found
    found.stop()
