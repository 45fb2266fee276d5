"""A request that was committed is the person's answer: an outage right after the commit must not
turn it into an error page (they would be told it failed and submit again)."""

from __future__ import annotations

from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from dsar.cases.models import Case
from dsar.core.db import db


def _database_goes_away_after_the_first_commit(engine):
    gone = {"now": False}

    def on_commit(_connection):
        gone["now"] = True

    def before_execute(_conn, _cursor, statement, *_args):
        if gone["now"]:
            raise OperationalError(statement, {}, Exception("server closed the connection unexpectedly"))

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", before_execute)
    return lambda: (
        event.remove(engine, "commit", on_commit),
        event.remove(engine, "before_cursor_execute", before_execute),
    )


def test_a_committed_submission_shows_its_reference_even_when_the_database_then_goes_away(app, forms, client):
    form_tokens = forms.tokens("/")
    restore = _database_goes_away_after_the_first_commit(db.engine)
    try:
        from tests.support.forms import valid_request

        answer = client.post("/", data={**form_tokens, **valid_request()})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
        page = client.get(answer.headers["Location"])
    finally:
        restore()
    assert page.status_code == 200
    stored = db.session.scalar(select(Case.reference))
    assert stored and stored in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1
