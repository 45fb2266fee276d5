"""Shared fixtures: the app on a real database (SQLite, or PostgreSQL when DSAR_TEST_DATABASE_URL is
set), a real SMTP server on loopback, real redis-server processes, and form helpers."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from dsar import create_app
from dsar.core.db import db
from tests.support import templates
from tests.support.client import ProductionLikeClient
from tests.support.deployment import sibling_database
from tests.support.forms import FormClient
from tests.support.services import ClamdServer, RedisServer, SmtpSink, worker_suffix

TEST_SECRET = "test-secret-key-" + "x" * 32


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass runs what the database can change: a test that never touches a database
    (the workflow rules, wording, letters' texts, the README's commands on embedded defaults) has
    already run in the SQLite pass. The deployed journeys and tests marked `postgres` run here only."""
    if not os.environ.get("DSAR_TEST_DATABASE_URL"):
        return
    kept, once = [], []
    for item in items:
        needs_postgres = item.get_closest_marker("deployed") or item.get_closest_marker("postgres")
        (kept if needs_postgres or "database_url" in item.fixturenames else once).append(item)
    if once:
        config.hook.pytest_deselected(items=once)
        items[:] = kept


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DSAR_TEST_DATABASE_URL")
    if url:
        url = worker_database(url)
        _reset_postgres_schema(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def worker_database(url: str) -> str:
    """With ``-n 2`` (pytest-xdist) each worker empties and fills a PostgreSQL database of its own,
    created next to the given one; a run without workers uses the given database itself."""
    if not worker_suffix():
        return url
    return sibling_database(url, f"{make_url(url).database}{worker_suffix()}")


def _reset_postgres_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def base_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "AUDIT_KEY": "test-audit-key-" + "y" * 32,
        "DATABASE_URL": database_url,
        "JOB_RUNNER": "manual",
        "MIN_FILL_SECONDS": 0,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "BASE_URL": "http://portal.test",
        "SMTP_HOST": "",
        "REDIS_URL": "",
        "RATELIMIT_ENABLED": False,
        "DEFAULT_LANGUAGE": "en",
        # argon2's cheapest parameters: every staff sign-in in the suite would otherwise spend
        # 64 MiB and three passes. tests/accounts/test_sign_in.py checks the production cost.
        "PASSWORD_HASH_COST": "cheapest",
    }


@pytest.fixture(scope="session")
def migrated(database_url, tmp_path_factory):
    """Build the schema once per run, through the migrations (never create_all)."""
    from flask_migrate import upgrade

    app = create_app(base_config(database_url, tmp_path_factory.mktemp("m")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def table_cleaner(migrated):
    """One engine for the whole run that empties every table before a test (building an app just
    for that cost as much as the test's own app)."""
    engine = create_engine(migrated, poolclass=NullPool)  # no connection kept across outage tests

    def empty_all_tables() -> None:
        with engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())

    yield empty_all_tables
    engine.dispose()


@pytest.fixture
def make_app(migrated, table_cleaner, tmp_path):
    """Build the app with test overrides; every test starts from empty tables."""
    apps = []
    table_cleaner()

    def factory(**overrides):
        app = create_app({**base_config(migrated, tmp_path), **overrides})
        app.test_client_class = ProductionLikeClient
        app.jinja_env.bytecode_cache = templates.SHARED
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def forms(client):
    return FormClient(client)


@pytest.fixture
def jobs(app):
    return app.extensions["dsar_jobs"]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def moto_server():
    """One moto S3 server for the session (tests/support/s3.py); each test takes its own bucket."""
    from tests.support.s3 import MotoServer

    server = MotoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["local", "s3"])
def storage_backend(request) -> dict:
    """The settings of each file-store backend in turn: local disk, then S3 (moto). A test that
    takes this fixture runs once per backend; ``blobs()`` lists what the backend holds."""
    if request.param == "local":
        return {"settings": {}, "name": "local"}
    server = request.getfixturevalue("moto_server")
    bucket = server.new_bucket()
    return {"settings": server.settings(bucket), "name": "s3", "server": server, "bucket": bucket}


@pytest.fixture(scope="session")
def clamd(tmp_path_factory):
    """One real clamd for the session: it takes a few seconds to load."""
    server = ClamdServer(tmp_path_factory.mktemp("clamd"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def staff(app):
    """A staff user; roles that need two-factor sign-in get an authenticator enrolled
    (tests/support/signin.py), unless ``enrol=False`` leaves that step to the test."""
    from dsar.accounts import totp
    from dsar.accounts.service import create_staff
    from tests.support.signin import enrol_authenticator

    def make(role="handler", email=None, password="correct horse battery", enrol=True):
        user = create_staff(email or f"{role}@example.org", role.title(), role, password)
        db.session.commit()
        if enrol and totp.required(user):
            enrol_authenticator(user)
        return user

    return make
