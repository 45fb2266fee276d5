"""A test client whose every request runs as it does in production: outside the test's own app
context, with the response body read to its end and closed before the test sees it.

Test fixtures keep an app context open to reach the database. Flask reuses an open app context for a
request, so a view, a streamed body or a ``current_app`` lookup after the response could silently
borrow the test's context (and its database session) and pass here while a real server answers
500. Each request therefore runs in an empty ``contextvars`` context: the request pushes its own app
context and session, exactly as under gunicorn, and the body is iterated and closed inside it.

What the test prepared is committed first, as a real client can only see committed data; the test's
objects are then expired, so what it asserts afterwards is read back from the database."""

from __future__ import annotations

import contextvars

from flask import has_app_context
from flask.testing import FlaskClient


class ProductionLikeClient(FlaskClient):
    def open(self, *args, **kwargs):
        kwargs["buffered"] = True  # iterate and close the body inside the request's own context
        _hand_over_test_data()
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _forget_test_reads()
        return response


def _hand_over_test_data() -> None:
    if has_app_context():
        from dsar.core.db import db

        db.session.commit()


def _forget_test_reads() -> None:
    if has_app_context():
        from dsar.core.db import db

        db.session.expire_all()
