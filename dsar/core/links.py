"""Signed, expiring, single-purpose links (itsdangerous).

Each purpose has its own salt, so a status link can never be replayed as a confirmation link. The
payload is an opaque random case id: itsdangerous signs but does not encrypt, so no e-mail address or
name ever goes into a token (security.md, itsdangerous facts).
"""

from __future__ import annotations

from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class LinkPurpose(StrEnum):
    CONFIRM_EMAIL = "confirm-email"
    STATUS = "status"
    REPLY = "reply"  # the requester answers an information request
    CONTROLLER = "controller"  # a client controller answers a forwarded request
    DOWNLOAD = "download"  # the requester downloads the answer package
    TRANSMISSION_CONFIRM = "transmission-confirm"  # the requester confirms an Art. 20(2) recipient
    TRANSMISSION = "transmission"  # that recipient downloads the package


class LinkError(Exception):
    """A link that cannot be honoured; ``expired`` tells the page which explanation to show."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"dsar.link.{purpose}")


def make_token(purpose: str, payload: str) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> str:
    if len(token) > 512:
        raise LinkError(expired=False)
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise LinkError(expired=True) from exc
    except BadSignature as exc:
        raise LinkError(expired=False) from exc
    if not isinstance(payload, str):
        raise LinkError(expired=False)
    return payload


def link_days(purpose: str) -> int:
    key = {
        LinkPurpose.CONFIRM_EMAIL: "CONFIRM_LINK_DAYS",
        LinkPurpose.STATUS: "STATUS_LINK_DAYS",
        LinkPurpose.REPLY: "REPLY_LINK_DAYS",
        LinkPurpose.CONTROLLER: "CONTROLLER_LINK_DAYS",
        LinkPurpose.DOWNLOAD: "DOWNLOAD_LINK_DAYS",
        LinkPurpose.TRANSMISSION_CONFIRM: "TRANSMISSION_LINK_DAYS",
        LinkPurpose.TRANSMISSION: "TRANSMISSION_LINK_DAYS",
    }
    return current_app.config[key[purpose]]


def external_url(endpoint: str, **values) -> str:
    """Absolute URL for mails, built from the configured base URL and never from the Host header,
    so it works the same in a request and in a background job."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def signed_url(endpoint: str, purpose: str, payload: str) -> str:
    return external_url(endpoint, token=make_token(purpose, payload))
