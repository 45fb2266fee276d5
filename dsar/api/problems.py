"""RFC 9457 problem details: every error of /api/v1 is ``application/problem+json``, worded in the
caller's language (Accept-Language), with the fields at fault as JSON pointers."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, default_exceptions

from dsar.core.db import db

PROBLEM_JSON = "application/problem+json"
PREFIX = "/api/"


class Problem(Exception):
    """Raised by API code; rendered by ``render``. ``errors`` maps a field to what is wrong with it."""

    def __init__(self, status: int, code: str, detail: str, errors: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.code, self.detail, self.errors = status, code, detail, errors or {}


def problem_response(status: int, code: str, title: str, detail: str | None = None, errors=None):
    body = {"type": f"urn:dsar:problem:{code}", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [{"pointer": f"/{field}", "detail": text} for field, text in sorted(errors.items())]
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dsar-api"'  # RFC 6750 section 3
    return response


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad-request", _("The request is not valid.")),
        401: ("unauthenticated", _("A valid API token is needed.")),
        403: ("forbidden", _("This API client may not do this.")),
        404: ("not-found", _("There is nothing here.")),
        405: ("method-not-allowed", _("This method is not allowed here.")),
        409: ("conflict", _("This cannot be done in the case's present state.")),
        413: ("too-large", _("The request body is too large.")),
        415: ("unsupported-media-type", _("Send the body as application/json.")),
        422: ("invalid-request", _("Some fields are not valid.")),
        429: ("too-many-requests", _("Too many requests. Please slow down.")),
        500: ("server-error", _("Something went wrong on our side.")),
    }


def render(error: Problem):
    _code, title = _titles().get(error.status, ("error", _("The request failed.")))
    return problem_response(error.status, error.code, title, error.detail, error.errors)


def render_http(error: HTTPException):
    status = error.code or 500
    code, title = _titles().get(status, ("error", error.name))
    response = problem_response(status, code, title)
    allowed = getattr(error, "valid_methods", None)
    if status == 405 and allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def install_on_blueprint(blueprint) -> None:
    """Problem responses for every error inside the blueprint (done once, at import)."""
    blueprint.register_error_handler(Problem, render)
    blueprint.register_error_handler(HTTPException, render_http)
    blueprint.register_error_handler(Exception, _server_error)


def install(app: Flask) -> None:
    """Problems also for /api/ paths no route matched, which the browser's HTML error pages would
    otherwise answer."""
    for status in (404, 405, 413, 429, 500):
        previous = app.error_handler_spec[None][status].get(_exception_class(status))
        app.register_error_handler(status, _for_api_paths(previous))


def _server_error(error: Exception):
    current_app.logger.error("API call failed", exc_info=error)
    db.session.rollback()
    code, title = _titles()[500]
    return problem_response(500, code, title)


def _exception_class(status: int):
    return default_exceptions[status]


def _for_api_paths(previous):
    def handle(error):
        if request.path.startswith(PREFIX):
            return render_http(error if isinstance(error, HTTPException) else _exception_class(500)())
        return previous(error)

    return handle
