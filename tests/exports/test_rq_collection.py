"""Production path: the collection runs on a real rq worker, with a time limit fit for large exports,
and Redis holds only ids (security.md R-05)."""

from __future__ import annotations

import pytest
from rq import SimpleWorker
from sqlalchemy import select

from dsar.core.db import db
from dsar.exports.models import Collection
from dsar.exports.service import start_collection
from tests.cases.test_decisions import confirmed_case
from tests.exports.conftest import PERSON, configure_sqlite
from tests.support.forms import FormClient

pytestmark = pytest.mark.redis


def test_the_collection_job_runs_on_rq_with_a_long_time_limit(
    make_app, redis_server, sqlite_source_path, staff
):
    app = make_app(REDIS_URL=redis_server.url, JOB_RUNNER="rq")
    with app.app_context():
        configure_sqlite(sqlite_source_path)
        case = confirmed_case(FormClient(app.test_client()), rights=["access"], email=PERSON)
        start_collection(case, staff("handler").id)
        db.session.commit()

        runner = app.extensions["dsar_jobs"]
        [job] = [j for j in runner.queue().get_jobs() if j.func_name == "dsar.exports.jobs.collect_case"]
        assert job.timeout == 4 * 3600 and job.args == (db.session.scalars(select(Collection.id)).one(),)
        dumped = b" ".join(runner.connection.dump(key) or b"" for key in runner.connection.scan_iter("*"))
        assert PERSON.encode() not in dumped

        SimpleWorker([runner.queue()], connection=runner.connection).work(burst=True, with_scheduler=False)
        db.session.expire_all()
        assert db.session.scalars(select(Collection.status)).one() == "done"
