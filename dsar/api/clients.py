"""API clients: created, rotated and revoked by admins; found again from the bearer token a call
carries. Operations change the session and never commit.

A token is ``dsar_<key_id>_<secret>``: 32 random bytes of secret, so a plain SHA-256 of it is
enough (a slow password hash protects guessable secrets; this one cannot be guessed), and the
comparison is constant-time (security.md A)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select

from dsar.api.models import ApiClient
from dsar.core import audit
from dsar.core.db import db, utcnow

FIXED_SCOPES = ("requests:create", "cases:read")
CONTROLLER_SCOPE = re.compile(r"^controller:([1-9][0-9]{0,9})$")
TOKEN = re.compile(r"^dsar_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$")


class ClientError(ValueError):
    """A change to a client that cannot be made; the message says why."""


def valid_scope(scope: str) -> bool:
    return scope in FIXED_SCOPES or CONTROLLER_SCOPE.match(scope) is not None


def controller_ids(scopes: list[str]) -> set[int]:
    """The client controllers whose forwarded cases this client may read and instruct."""
    return {int(match.group(1)) for match in map(CONTROLLER_SCOPE.match, scopes) if match}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_token(key_id: str) -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    return f"dsar_{key_id}_{secret}", _hash(secret)


def create_client(name: str, scopes: list[str], actor_id: int) -> tuple[ApiClient, str]:
    """A new client and its token, which is returned here once and never stored."""
    name = name.strip()
    if not name or db.session.scalar(select(ApiClient.id).where(ApiClient.name == name)):
        raise ClientError("name")
    if not scopes or not all(valid_scope(scope) for scope in scopes):
        raise ClientError("scopes")
    key_id = secrets.token_hex(6)
    token, secret_hash = _new_token(key_id)
    client = ApiClient(
        name=name, key_id=key_id, secret_hash=secret_hash, scopes=sorted(set(scopes)), created_by_id=actor_id
    )
    db.session.add(client)
    db.session.flush()
    audit.record("api.client_created", actor_id, client=client.id, scopes=client.scopes)
    return client, token


def rotate_secret(client: ApiClient, actor_id: int) -> str:
    """A new secret; the old one stops working at once."""
    if not client.active:
        raise ClientError("revoked")
    token, client.secret_hash = _new_token(client.key_id)
    client.rotated_at = utcnow()
    audit.record("api.client_rotated", actor_id, client=client.id)
    return token


def revoke_client(client: ApiClient, actor_id: int) -> None:
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        for subscription in client.subscriptions:
            subscription.active = False
        audit.record("api.client_revoked", actor_id, client=client.id)


def authenticate(authorization: str | None) -> ApiClient | None:
    """The active client a ``Bearer`` header names, or None (unknown, malformed, revoked)."""
    scheme, _, token = (authorization or "").partition(" ")
    match = TOKEN.match(token.strip()) if scheme.lower() == "bearer" else None
    if match is None:
        return None
    client = db.session.scalar(select(ApiClient).where(ApiClient.key_id == match.group(1)))
    if client is None or not client.active:
        return None
    if not hmac.compare_digest(client.secret_hash, _hash(match.group(2))):
        return None
    return client


def all_clients() -> list[ApiClient]:
    return list(
        db.session.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name))
    )


def get_client(client_id: int) -> ApiClient | None:
    return db.session.get(ApiClient, client_id)
