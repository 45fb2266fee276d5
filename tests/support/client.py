"""A test client whose every request starts with empty request globals, as in production.

The test fixtures keep an app context open (to reach the database), and Flask reuses an open app
context for requests; without this, flask.g (the signed-in user, the chosen language) would leak
from one request into the next."""

from __future__ import annotations

from flask import g, has_app_context
from flask.testing import FlaskClient


class FreshGlobalsClient(FlaskClient):
    def open(self, *args, **kwargs):
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)
