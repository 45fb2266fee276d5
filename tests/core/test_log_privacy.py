"""No requester's name or e-mail address in the logs (security.md 16.3.2, issue 13 item 5), even
when things fail: everything logged, down to SQLAlchemy's statement log, is captured across a normal
submission, the database failing on the insert, a mail text failing at send time and an SMTP server
refusing the mail with the address in its reply, and then searched for the person."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text

from dsar.core.db import db
from dsar.core.mail import MailStatus, OutboxMessage
from dsar.core.mail_overrides import MailOverride
from tests.support.forms import FormClient

MARK = "qzxlog"  # in the name and the address, and nowhere else
NAME = f"Wendelien {MARK.title()}"
EMAIL = f"wendelien.{MARK}@example.org"


def _the_insert_fails(dialect: str) -> tuple[list[str], list[str]]:
    """DDL that makes every new case fail in the database, and the DDL that undoes it."""
    if dialect == "postgresql":
        # The server ends the session in the middle of the insert: the database "goes away".
        return (
            [
                "CREATE FUNCTION qzx_gone() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$",
                'CREATE TRIGGER qzx_gone BEFORE INSERT ON "case" FOR EACH ROW EXECUTE FUNCTION qzx_gone()',
            ],
            ['DROP TRIGGER IF EXISTS qzx_gone ON "case"', "DROP FUNCTION IF EXISTS qzx_gone()"],
        )
    return (
        [
            'CREATE TRIGGER qzx_gone BEFORE INSERT ON "case" '
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        ],
        ["DROP TRIGGER IF EXISTS qzx_gone"],
    )


def _run_ddl(statements: list[str]) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


@pytest.fixture
def everything_logged(caplog):
    """Every logger on, at DEBUG: as an operator chasing a problem would set it, SQL log included
    (the migration run's logging config switched the loggers that existed then off)."""
    loggers = [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    were_disabled = [logger for logger in loggers if logger.disabled]
    for logger in were_disabled:
        logger.disabled = False
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger in were_disabled:
        logger.disabled = True


def test_failing_requests_leave_no_name_or_address_in_the_log(everything_logged, make_app, smtp_sink):
    app = make_app(PROPAGATE_EXCEPTIONS=False, **smtp_sink.config())  # a 500 page, as in production
    with app.app_context():
        public = FormClient(app.test_client())

        assert public.submit_request(lang="en", name=NAME, email=EMAIL).status_code == 302

        install, remove = _the_insert_fails(db.engine.dialect.name)
        _run_ddl(install)
        try:
            failed = public.submit_request(lang="en", name=NAME, email=f"b.{EMAIL}")
        finally:
            db.session.remove()
            db.engine.dispose()
            _run_ddl(remove)
        assert failed.status_code in (500, 503)

        # Renders with the sample case, fails for a real one, naming a key built from the address.
        db.session.add(
            MailOverride(
                name="acknowledgement",
                language="en",
                subject="Received",
                body_text=(
                    "{% if case.reference != 'K7QM-3XHD' %}{{ case[case.requester_email].x }}{% endif %}"
                ),
                body_html="<p>x</p>",
            )
        )
        db.session.commit()

        async def refuse(server, session, envelope):
            return f"554 5.7.1 <{envelope.rcpt_tos[0]}>: {NAME} does not accept mail from you"

        smtp_sink.collector.handle_DATA = refuse
        assert public.submit_request(lang="en", name=NAME, email=f"c.{EMAIL}").status_code == 302
        app.extensions["dsar_jobs"].drain()
        db.session.expire_all()
        statuses = db.session.scalars(select(OutboxMessage.status)).all()
        assert MailStatus.DEAD in statuses  # the refusal really happened and was handled

    ours = [r for r in everything_logged.records if not r.name.startswith("mail.log")]  # not the sink's
    logged = "\n".join(everything_logged.handler.format(record) for record in ours).lower()
    assert "disk i/o error" in logged or "terminat" in logged  # the failures were logged ...
    assert "mail template override acknowledgement/en failed" in logged
    assert "is dead" in logged
    assert "sql parameters hidden" in logged
    assert MARK not in logged  # ... without the person
