"""Production path: jobs on a real Redis run by a real rq worker; an outage loses nothing."""

from __future__ import annotations

import pytest
from rq import SimpleWorker
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import MailStatus, OutboxMessage, relay_outbox
from tests.support.forms import FormClient

pytestmark = pytest.mark.redis


def work(app) -> None:
    runner = app.extensions["dsar_jobs"]
    SimpleWorker([runner.queue()], connection=runner.connection).work(burst=True, with_scheduler=False)


def test_the_acknowledgement_goes_through_rq_and_redis_holds_no_personal_data(
    make_app, redis_server, smtp_sink
):
    app = make_app(REDIS_URL=redis_server.url, JOB_RUNNER="rq", **smtp_sink.config())
    with app.app_context():
        FormClient(app.test_client()).submit_request()
        runner = app.extensions["dsar_jobs"]
        dumped = b" ".join(runner.connection.dump(key) or b"" for key in runner.connection.scan_iter("*"))
        assert b"an.peeters" not in dumped and b"Peeters" not in dumped  # security.md R-05

        work(app)
        assert len(smtp_sink.wait_for(1)) == 1
        assert db.session.scalars(select(OutboxMessage.status)).one() == MailStatus.SENT


def test_a_request_accepted_while_redis_is_down_is_kept_and_mailed_when_it_returns(
    make_app, redis_server, smtp_sink
):
    app = make_app(
        REDIS_URL=redis_server.url, JOB_RUNNER="rq", DISPATCH_STALE_SECONDS=0, **smtp_sink.config()
    )
    with app.app_context():
        redis_server.stop()
        response = FormClient(app.test_client()).submit_request()
        assert response.status_code == 302
        assert db.session.scalars(select(Case)).one()
        assert db.session.scalars(select(OutboxMessage.status)).one() == MailStatus.PENDING

        redis_server.start()
        assert relay_outbox() == 1  # the periodic relay finds the undelivered mail
        work(app)
        assert len(smtp_sink.wait_for(1)) == 1
        assert db.session.scalars(select(OutboxMessage.status)).one() == MailStatus.SENT
