"""The integration API (/api/v1): other systems file and follow requests with a bearer token, and
hear about changes through signed webhooks. Admin pages under /staff/api."""

from __future__ import annotations

from flask import Flask, request

from dsar.api import admin_views, problems, views, webhooks
from dsar.api.problems import PREFIX
from dsar.cases import hooks
from dsar.core.jobs import register_periodic
from dsar.core.web import csrf


def init_app(app: Flask) -> None:
    # A bearer token cannot be sent by a browser on its own, so there is nothing for CSRF to ride;
    # every other blueprint keeps its CSRF protection.
    csrf.exempt(views.bp)
    problems.install(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    app.session_interface = _NoCookiesForApi(app.session_interface)
    hooks.add(hooks.event_listeners, webhooks.note_timeline_event)
    register_periodic(app, "dsar.api.webhooks.relay_webhooks")


class _NoCookiesForApi:
    """The API never sets a cookie (not even a refreshed staff session or ?lang=): it is
    stateless, and a cookie it set could later be ridden by a browser."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def open_session(self, app, incoming):
        return self.inner.open_session(app, incoming)

    def save_session(self, app, session, response):
        if request.path.startswith(PREFIX):
            return None
        return self.inner.save_session(app, session, response)
