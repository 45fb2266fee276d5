"""Webhooks reach a receiver started by the test: each body signed the Standard Webhooks way (the
receiver verifies it independently), ids and states only, at least once with a stable webhook-id
so the receiver processes each event once: through a failing receiver, a resend from the delivery
log, and an rq worker killed in the middle of a delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from rq import SimpleWorker
from sqlalchemy import select

from dsar.api.models import ApiClient, WebhookDelivery, WebhookSubscription
from dsar.api.webhooks import EVENT_TYPES, new_signing_secret, relay_webhooks
from dsar.cases.clock_actions import extend_deadline
from dsar.cases.models import Case
from dsar.controllers.service import forward_case
from dsar.core.db import db
from dsar.intake.service import confirm_email
from tests.api.conftest import bearer, verify_signature
from tests.api.test_filing import BODY
from tests.conftest import TEST_SECRET
from tests.controllers.test_forwarding import add_controller
from tests.support.forms import hidden_fields
from tests.support.signin import sign_in

PROJECT = Path(__file__).resolve().parents[2]
WITHDRAWAL = {**BODY, "rights": ["consent_withdrawal"], "consent_scope": "The newsletter"}


def subscribe(token: str, receiver, event_types=EVENT_TYPES) -> WebhookSubscription:
    """What the admin's "Add a webhook" form does; the receiver keeps the secret shown once."""
    key_id = token.split("_")[1]
    client = db.session.scalars(select(ApiClient).where(ApiClient.key_id == key_id)).one()
    receiver.secret = new_signing_secret()
    subscription = WebhookSubscription(
        client=client, url=receiver.url, event_types=list(event_types), signing_secret=receiver.secret
    )
    db.session.add(subscription)
    db.session.commit()
    return subscription


def file(client, token, body=WITHDRAWAL) -> str:
    response = client.post("/api/v1/requests", json=body, headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["reference"]


def deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def test_a_subscriber_hears_each_step_of_a_case_signed_and_without_personal_data(
    client, api_token, receiver, jobs, staff
):
    token = api_token("requests:create", "cases:read")
    subscribe(token, receiver)
    reference = file(client, token, BODY)
    case = db.session.scalars(select(Case).where(Case.reference == reference)).one()
    confirm_email(case)  # the person follows the confirmation link: the case is verified
    db.session.commit()
    # An access request can be extended (a withdrawal alone cannot: Art. 7(3)).
    extend_deadline(case, staff("dpo", enrol=False).id, "multiple_systems", "Three systems hold it.")
    db.session.commit()
    jobs.drain()

    assert receiver.types() == ["case.created", "case.verified", "case.extended"]
    assert all(entry["valid"] for entry in receiver.received)
    created = receiver.received[0]["body"]
    assert created["data"]["reference"] == reference and created["data"]["state"] == "awaiting_verification"
    raw = b"".join(entry["raw"] for entry in receiver.received)
    assert b"an.peeters" not in raw and b"Peeters" not in raw and b"invoices" not in raw
    assert {d.status for d in deliveries()} == {"delivered"}


def test_the_signature_covers_body_id_and_timestamp(client, api_token, receiver, jobs):
    subscribe(api_token("requests:create", "cases:read"), receiver, ["case.created"])
    file(client, api_token("requests:create"))
    jobs.drain()
    [entry] = receiver.received
    headers, raw = entry["headers"], entry["raw"]
    assert entry["valid"] and headers["webhook-signature"].startswith("v1,")
    assert headers["webhook-id"].startswith("msg_")
    # A changed body, a different id or a replay long after signing no longer verifies.
    assert not verify_signature(receiver.secret, headers, raw.replace(b"case.created", b"case.closed"))
    assert not verify_signature(receiver.secret, {**headers, "webhook-id": "msg_other"}, raw)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=10)):
        assert not verify_signature(receiver.secret, headers, raw)
    assert not verify_signature(new_signing_secret(), headers, raw)


def test_a_controller_client_hears_only_of_its_own_forwarded_cases(client, api_token, receiver, jobs):
    controller, other = add_controller(), add_controller(name="Other BV")
    watcher = api_token(f"controller:{controller.id}")
    subscribe(watcher, receiver)
    filer = api_token("requests:create", f"controller:{controller.id}", f"controller:{other.id}")
    for chosen in (controller, other):
        reference = file(client, filer, {**BODY, "controller_id": chosen.id})
        forward_case(db.session.scalars(select(Case).where(Case.reference == reference)).one(), None)
        db.session.commit()
        if chosen is controller:
            own = reference
    path = f"/api/v1/controllers/{controller.id}/forwards/{own}/instruction"
    assert (
        client.post(path, json={"instruction": "controller_answers"}, headers=bearer(watcher)).status_code
        == 200
    )
    jobs.drain()

    assert receiver.types() == ["case.forwarded", "forward.instruction_received"]
    assert {entry["body"]["data"]["reference"] for entry in receiver.received} == {own}
    assert all(entry["valid"] for entry in receiver.received)


def test_a_failing_receiver_is_retried_on_a_backoff_and_the_log_resends_with_the_same_id(
    client, forms, api_token, receiver, jobs, staff
):
    subscribe(api_token("requests:create", "cases:read"), receiver, ["case.created"])
    receiver.fail_next = 1
    file(client, api_token("requests:create"))
    jobs.drain()
    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.next_attempt_at > datetime.now(UTC) + timedelta(seconds=20)  # backoff, not a spin
    assert relay_webhooks() == 0  # not due yet

    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2)):
        assert relay_webhooks() == 1
        jobs.drain()
    [delivery] = deliveries()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    assert len(receiver.received) == 2 and len(receiver.processed) == 1
    assert receiver.received[0]["id"] == receiver.received[1]["id"]

    staff("admin")
    sign_in(forms, email="admin@example.org")
    log = client.get("/staff/api/deliveries")
    assert log.status_code == 200 and receiver.received[0]["id"] in log.get_data(as_text=True)
    resent = client.post(
        f"/staff/api/deliveries/{delivery.id}/resend", data=hidden_fields(log.get_data(as_text=True))
    )
    assert resent.status_code == 302
    jobs.drain()
    assert len(receiver.received) == 3 and len(receiver.processed) == 1  # a repeat, recognised
    assert deliveries()[0].status == "delivered"


def test_a_receiver_that_keeps_failing_ends_as_dead_on_the_log(make_app, api_token, receiver):
    app = make_app(WEBHOOK_MAX_ATTEMPTS=2)
    with app.app_context():
        subscribe(api_token("requests:create", "cases:read"), receiver, ["case.created"])
        receiver.fail_next = 5
        file(app.test_client(), api_token("requests:create"))
        runner = app.extensions["dsar_jobs"]
        runner.drain()
        with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5)):
            relay_webhooks()
            runner.drain()
        [delivery] = deliveries()
        assert (delivery.status, delivery.attempts) == ("dead", 2)


def worker_process(app, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DSAR_DATABASE_URL": app.config["DATABASE_URL"],
        "DSAR_REDIS_URL": redis_url,
        "DSAR_SECRET_KEY": TEST_SECRET,
        "DSAR_AUDIT_KEY": app.config["AUDIT_KEY"],
        "DSAR_BASE_URL": app.config["BASE_URL"],
    }
    return subprocess.Popen(  # a real rq worker process, as in production
        [sys.executable, "-m", "flask", "--app", "app", "dsar", "worker", "--burst"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_with_children(pid: int) -> None:
    """SIGKILL a worker and the work horse it forked for the job (rq puts the horse in a session
    of its own, so killing the worker alone lets the delivery finish)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    for victim in [*children, pid]:
        os.kill(victim, signal.SIGKILL)


@pytest.mark.redis
def test_a_worker_killed_mid_delivery_still_leads_to_one_processing_per_idempotency_key(
    make_app, api_token, receiver, redis_server
):
    import threading

    app = make_app(REDIS_URL=redis_server.url, JOB_RUNNER="rq", CLAIM_STALE_SECONDS=0)
    with app.app_context():
        subscribe(api_token("requests:create", "cases:read"), receiver, ["case.created", "case.verified"])
        receiver.hold = threading.Event()  # the receiver processes, then holds its answer
        file(app.test_client(), api_token("requests:create"))

        worker = worker_process(app, redis_server.url)
        assert receiver.arrived.wait(60), "the worker never delivered"
        kill_with_children(worker.pid)  # after the receiver got it, before "delivered"
        worker.wait()
        receiver.hold.set()
        receiver.hold = None
        assert "sending" in {d.status for d in deliveries()}

        runner = app.extensions["dsar_jobs"]
        for _ in range(3):
            relay_webhooks()  # gives back the claim the dead worker held
            SimpleWorker([runner.queue()], connection=runner.connection).work(
                burst=True, with_scheduler=False
            )

        assert {d.status for d in deliveries()} == {"delivered"}
        ids = [entry["id"] for entry in receiver.received]
        assert len(ids) > len(set(ids))  # the interrupted delivery came again, with the same id
        assert sorted(receiver.processed) == sorted(set(ids))
        assert sorted(entry["type"] for entry in receiver.processed.values()) == [
            "case.created",
            "case.verified",
        ]


def test_the_answer_and_the_closure_are_told_and_read_back(client, api_token, receiver, jobs, staff):
    from dsar.cases.decisions import Decision, answer, close, decide

    token = api_token("requests:create", "cases:read")
    subscribe(token, receiver, ["case.answered", "case.closed"])
    reference = file(client, token)
    dpo = staff("dpo", enrol=False)
    case = db.session.scalars(select(Case).where(Case.reference == reference)).one()
    decide(case.sub_requests[0], Decision(outcome="granted"), dpo.id, "dpo")
    answer(case, dpo.id, "dpo")
    db.session.commit()
    close(db.session.scalars(select(Case).where(Case.reference == reference)).one(), dpo.id, "dpo")
    db.session.commit()
    jobs.drain()

    assert receiver.types() == ["case.answered", "case.closed"]
    assert [entry["body"]["data"]["state"] for entry in receiver.received] == ["answered", "closed"]
    document = client.get(f"/api/v1/cases/{reference}", headers=bearer(token)).get_json()
    assert document["outcomes"][0]["outcome"] == "granted" and document["closed_at"] is not None
