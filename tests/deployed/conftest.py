"""One deployment of the portal for the journeys: real processes, real services, production settings."""

from __future__ import annotations

import os
import re

import pytest

from tests.support.browser import chromium as launch_chromium
from tests.support.deployment import Deployment, fresh_database
from tests.support.services import RedisServer, SmtpSink

pytestmark = pytest.mark.deployed


@pytest.fixture(scope="session")
def deployment(tmp_path_factory, clamd):
    directory = tmp_path_factory.mktemp("deployment")
    smtp = SmtpSink()
    smtp.start()
    redis = RedisServer(directory)
    redis.start()
    database_url = fresh_database(os.environ.get("DSAR_TEST_DATABASE_URL"), directory)
    portal = Deployment(directory, database_url, smtp, redis, clamd)
    init = portal.flask("dsar", "init").stdout
    portal.admin_email = re.search(r"e-mail:\s+(\S+)", init).group(1)
    portal.admin_password = re.search(r"password:\s+(\S+)", init).group(1)
    portal.demo_email = portal.flask("dsar", "seed-demo").stdout.strip().splitlines()[-1]
    for name in ("web", "worker", "cron"):
        portal.start(name)
    yield portal
    portal.stop_all()
    redis.stop()
    smtp.stop()


@pytest.fixture(scope="module")
def chromium():
    # Per module, not per session: Playwright's sync API runs one instance at a time in a process,
    # and the browser tests after this folder start their own.
    with launch_chromium() as instance:
        yield instance


@pytest.fixture
def person(chromium):
    """A requester's browser: no staff session, trusts the deployment's certificate like a real one."""
    context = chromium.new_context(locale="nl-BE", ignore_https_errors=True, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def desk(chromium):
    """A staff member's browser."""
    context = chromium.new_context(locale="en-GB", ignore_https_errors=True, accept_downloads=True)
    yield context
    context.close()
