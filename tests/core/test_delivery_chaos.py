"""Nothing lost, nothing twice: a Redis outage during a burst of requests, and an rq worker killed
while it delivers. Every mail reaches a real SMTP server, each Message-ID once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq import SimpleWorker
from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import MailStatus, OutboxMessage, relay_outbox
from tests.conftest import TEST_SECRET
from tests.support.forms import FormClient
from tests.support.services import message_ids

pytestmark = pytest.mark.redis
PROJECT = Path(__file__).resolve().parents[2]
BURST = 18


def drain_with_rq(app) -> None:
    runner = app.extensions["dsar_jobs"]
    relay_outbox()
    SimpleWorker([runner.queue()], connection=runner.connection).work(burst=True, with_scheduler=False)


def test_a_burst_of_requests_survives_redis_going_down_and_every_mail_arrives_once(
    make_app, redis_server, smtp_sink
):
    app = make_app(
        REDIS_URL=redis_server.url, JOB_RUNNER="rq", DISPATCH_STALE_SECONDS=0, **smtp_sink.config()
    )
    with app.app_context():
        public = FormClient(app.test_client())
        statuses = []
        for number in range(BURST):
            if number == BURST // 3:
                redis_server.stop()
            if number == 2 * BURST // 3:
                redis_server.start()
            statuses.append(public.submit_request(email=f"person{number}@example.org").status_code)

        assert statuses == [302] * BURST  # every request accepted, Redis or not
        assert db.session.scalar(select(func.count(Case.id))) == BURST
        drain_with_rq(app)
        drain_with_rq(app)  # a second pass finds nothing left and sends nothing again

        delivered = smtp_sink.wait_for(BURST)
        assert len(delivered) == BURST
        assert sorted(message_ids(smtp_sink)) == sorted(db.session.scalars(select(OutboxMessage.message_id)))
        assert sorted(str(m["To"]) for m in delivered) == sorted(
            f"person{n}@example.org" for n in range(BURST)
        )


def worker_process(app, redis_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DSAR_DATABASE_URL": app.config["DATABASE_URL"],
        "DSAR_REDIS_URL": redis_url,
        "DSAR_SECRET_KEY": TEST_SECRET,
        "DSAR_SMTP_HOST": app.config["SMTP_HOST"],
        "DSAR_SMTP_PORT": str(app.config["SMTP_PORT"]),
        "DSAR_BASE_URL": app.config["BASE_URL"],
    }
    return subprocess.Popen(  # a real worker process, as in production
        [sys.executable, "-m", "flask", "--app", "app", "dsar", "worker", "--burst"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_delivery_loses_nothing(make_app, redis_server, smtp_sink):
    # Both limits at zero: the claim the dead worker held, and a job it took off the queue before it
    # died, are handed over again at once instead of after minutes (longer than this test waits).
    app = make_app(
        REDIS_URL=redis_server.url,
        JOB_RUNNER="rq",
        CLAIM_STALE_SECONDS=0,
        DISPATCH_STALE_SECONDS=0,
        **smtp_sink.config(),
    )
    smtp_sink.collector.delay = 0.3  # slow enough for the kill to land during a delivery
    with app.app_context():
        public = FormClient(app.test_client())
        for number in range(8):
            public.submit_request(email=f"person{number}@example.org")

        worker = worker_process(app, redis_server.url)
        smtp_sink.wait_for(2, timeout=60)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        kills_landed = 1
        assert len(smtp_sink.messages) < 8, "the worker was killed before it finished"

        deadline = time.monotonic() + 90
        while len(set(message_ids(smtp_sink))) < 8 and time.monotonic() < deadline:
            relay_outbox()  # gives back the claim the dead worker held
            worker_process(app, redis_server.url).wait(timeout=60)

        ids = message_ids(smtp_sink)
        assert len(set(ids)) == 8  # every mail arrived
        assert len(ids) - len(set(ids)) <= kills_landed  # at most the one in flight, same Message-ID
        db.session.expire_all()
        statuses = set(db.session.scalars(select(OutboxMessage.status)))
        assert statuses == {MailStatus.SENT}
