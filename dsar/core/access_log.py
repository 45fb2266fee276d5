"""Signed link tokens never reach gunicorn's access log (security.md P-06, ASVS 14.2.1).

A confirm, status, reply, download, controller, ID-copy or transmission link carries its credential in
the URL path: whoever reads the access log could open the requester's status page or download the
answer. ``gunicorn.conf.py`` installs ``RedactingLogger``, which writes ``[token]`` in place of the
token in every field of the access line: the request line, the path, the query, the Referer (a page
under a token link sends it with each stylesheet it loads) and the Location of a redirect.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

REDACTED = "[token]"
# The public routes whose next path segment is a signed token (dsar/core/links.py and identity).
TOKEN_ROUTES = (
    "confirm",
    "status",
    "reply",
    "download",
    "controller",
    "id",
    "transmission/confirm",
    "transmission",
)
_AFTER_ROUTE = re.compile(r"(/(?:" + "|".join(re.escape(route) for route in TOKEN_ROUTES) + r")/)[^/?#\s\"]+")
# Any other itsdangerous token (payload.timestamp.signature in URL-safe base64), wherever it is.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}")


def redact(text: str) -> str:
    return _TOKEN_SHAPE.sub(REDACTED, _AFTER_ROUTE.sub(lambda match: match.group(1) + REDACTED, text))


class RedactingLogger(Logger):
    """gunicorn's logger with every text field of the access line redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
