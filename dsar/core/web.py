"""HTTP hardening shared by every page: security headers, body limits, rate limits, error pages."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from dsar.core.db import MAX_ID, db

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

# security.md V14/V3.4: no inline script or style, nothing from other origins, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Links carry signed tokens in their path: never leak them to another site via Referer
    # (security.md H-01, P-06). "same-origin", not "no-referrer": over HTTPS Flask-WTF refuses a
    # form post whose Referer is missing (WTF_CSRF_SSL_STRICT), so under "no-referrer" no browser
    # could submit any form. A page with no form may still ask for "no-referrer" itself.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"  # ASVS 14.3.2: personal data is not cached
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def configure_limits(app: Flask) -> None:
    """security.md P/A: limits shared across workers through Redis; a hung Redis falls back to
    per-process memory instead of taking the form down."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    if app.config["REDIS_URL"]:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    limiter.init_app(app)


def configure_sessions(app: Flask) -> None:
    production = app.config["ENV"] == "production"
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="__Host-dsar" if production else "dsar",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]),
        REMEMBER_COOKIE_DURATION=timedelta(seconds=0),
        # security.md U-01: bounded request bodies and form parts.
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        # Werkzeug applies this limit to each 64 KiB chunk it reads plus the few bytes it holds back
        # at a possible part boundary: at exactly 64 KiB, any uploaded file over 64 KiB with a line
        # break near a chunk end was refused with 413. Text fields stay capped near 64 KiB.
        MAX_FORM_MEMORY_SIZE=65 * 1024,
        MAX_FORM_PARTS=200,
        WTF_CSRF_TIME_LIMIT=4 * 3600,
    )


def register_error_pages(app: Flask) -> None:
    def page(status: int, kind: str):
        return render_template("core/error.html", status=status, kind=kind), status

    app.register_error_handler(CSRFError, lambda e: page(400, "csrf"))
    app.register_error_handler(404, lambda e: page(404, "not_found"))
    app.register_error_handler(403, lambda e: page(403, "forbidden"))
    app.register_error_handler(413, lambda e: page(413, "too_large"))
    app.register_error_handler(429, lambda e: page(429, "too_many"))
    app.register_error_handler(500, lambda e: page(500, "server"))
    app.register_error_handler(OperationalError, lambda e: _database_down(app, page))
    app.register_error_handler(DataError, lambda e: _not_storable(app, page))
    app.register_error_handler(PoolTimeout, lambda e: _database_down(app, page))  # every connection busy


def _database_down(app: Flask, page):
    """security.md R-09: the database is unreachable: a generic 503, the details only in the log."""
    app.logger.exception("database unreachable")
    db.session.rollback()
    try:
        return page(503, "unavailable")
    except (OperationalError, PoolTimeout):  # the page itself needed the database (a signed-in user)
        return "Service temporarily unavailable. Please try again later.", 503, {"Content-Type": "text/plain"}


def _not_storable(app: Flask, page):
    """A value the database refuses (a NUL byte in a value that bypassed the forms, say): a 400 that
    says so instead of a 500. The forms refuse such input first (core/forms.py); this is the net."""
    app.logger.warning("a value could not be stored", exc_info=True)
    db.session.rollback()
    return page(400, "bad_input")


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in our URLs is a row id: a number beyond MAX_ID matches no route (404) rather
    than reaching PostgreSQL, which would refuse it with an error (500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter  # before any feature adds its routes
    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    configure_sessions(app)
    csrf.init_app(app)
    configure_limits(app)
    app.after_request(add_security_headers)
    register_error_pages(app)
