"""Signed, expiring, single-purpose links (itsdangerous).

Each purpose has its own salt, so a status link can never be replayed as a confirmation link. The
payload is an opaque random case id: itsdangerous signs but does not encrypt, so no e-mail address or
name ever goes into a token (security.md, itsdangerous facts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException


class LinkPurpose(StrEnum):
    CONFIRM_EMAIL = "confirm-email"
    STATUS = "status"
    REPLY = "reply"  # the requester answers an information request
    CONTROLLER = "controller"  # a client controller answers a forwarded request
    DOWNLOAD = "download"  # the requester downloads the answer package
    TRANSMISSION_CONFIRM = "transmission-confirm"  # the requester confirms an Art. 20(2) recipient
    TRANSMISSION = "transmission"  # that recipient downloads the package
    ID_COPY = "id-copy"  # the requester uploads a redacted ID copy


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
        LinkPurpose.ID_COPY: "ID_LINK_DAYS",
    }
    return current_app.config[key[purpose]]


def external_url(endpoint: str, **values) -> str:
    """Absolute URL for mails, built from the configured base URL and never from the Host header,
    so it works the same in a request and in a background job."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def signed_url(endpoint: str, purpose: str, payload: str) -> str:
    return external_url(endpoint, token=make_token(purpose, payload))


# What staff read instead of a link in a mail (rules: a link is the requester's capability).
PURPOSE_LABELS = {
    LinkPurpose.CONFIRM_EMAIL: _l("confirm the e-mail address"),
    LinkPurpose.STATUS: _l("follow the request"),
    LinkPurpose.REPLY: _l("answer the information request"),
    LinkPurpose.CONTROLLER: _l("the controller's instruction page"),
    LinkPurpose.DOWNLOAD: _l("download the answer"),
    LinkPurpose.TRANSMISSION_CONFIRM: _l("confirm the direct transmission"),
    LinkPurpose.TRANSMISSION: _l("the recipient's download"),
    LinkPurpose.ID_COPY: _l("upload an ID copy"),
}


@dataclass(frozen=True)
class SentLink:
    """A signed link found in a mail: what it opens and until when, never shown as such to staff."""

    url: str
    purpose: LinkPurpose | None  # None: a token we cannot attribute (e.g. signed with an old key)
    payload: str | None
    expires_at: datetime | None

    @property
    def label(self) -> str:
        return str(PURPOSE_LABELS[self.purpose]) if self.purpose else _("a signed link")


def _url_pattern() -> re.Pattern:
    base = current_app.config["BASE_URL"].rstrip("/")
    return re.compile(re.escape(base) + r"/[^\s<>\"'\])]*")


def _token_in(url: str) -> str | None:
    path = url[len(current_app.config["BASE_URL"].rstrip("/")) :].split("?")[0].split("#")[0]
    try:
        _endpoint, args = current_app.url_map.bind("localhost").match(path, method="GET")
    except (HTTPException, RoutingException):
        return None
    return args.get("token")


def _identify(url: str, token: str) -> SentLink:
    for purpose in LinkPurpose:
        try:
            payload, signed_at = _serializer(purpose).loads(token, return_timestamp=True)
        except BadSignature:
            continue
        return SentLink(url, purpose, payload, signed_at + timedelta(days=link_days(purpose)))
    return SentLink(url, None, None, None)


def signed_links_in(text: str) -> list[SentLink]:
    """Every capability link (a portal URL carrying a token) in a mail, in order."""
    found = []
    for url in _url_pattern().findall(text):
        url = url.rstrip(".,;:!?")  # punctuation after a link in a sentence; never part of a token
        token = _token_in(url)
        if token:
            found.append(_identify(url, token))
    return found


def hide_links(text: str, describe) -> str:
    """The text with every capability link replaced by ``describe(link)``: staff see that a link was
    sent, for what and until when, never the link itself (anyone holding it acts as its owner)."""
    for link in signed_links_in(text):
        text = text.replace(link.url, describe(link))
    return text


def renew_links(text: str) -> str:
    """The same links signed anew: a resent mail carries fresh links with a full lifetime."""
    for link in signed_links_in(text):
        if link.purpose is not None:
            fresh = link.url.replace(_token_in(link.url), make_token(link.purpose, link.payload))
            text = text.replace(link.url, fresh)
    return text
