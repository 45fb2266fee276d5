"""Source locations at rest: AES-256-GCM with the same key ring as ID copies (dsar.identity.crypto).

A database URL may carry a password, so it is never stored or shown in clear. The associated data
binds a sealed location to its purpose, so a sealed ID copy can never be read as a URL or back."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy.engine import make_url

from dsar.identity.crypto import NONCE_BYTES, IntegrityFailure, key_ring

MAGIC = b"DSRC1"
AAD = b"dsar.data-source.location"


def seal(text: str) -> bytes:
    ring = key_ring(current_app.config)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(ring.current)).encrypt(nonce, text.encode(), AAD)
    return MAGIC + bytes([len(ring.current)]) + ring.current.encode() + nonce + sealed


def unseal(blob: bytes) -> str:
    if not blob.startswith(MAGIC):
        raise IntegrityFailure("not a sealed source location")
    length = blob[len(MAGIC)]
    key_id = blob[len(MAGIC) + 1 : len(MAGIC) + 1 + length].decode("ascii", "replace")
    start = len(MAGIC) + 1 + length
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(key_ring(current_app.config).key(key_id)).decrypt(nonce, sealed, AAD).decode()
    except (InvalidTag, ValueError) as exc:
        raise IntegrityFailure("authentication failed") from exc


def hint_for(kind: str, location: str) -> str:
    """What staff see of a location: the URL without its password, or the file's name."""
    if kind != "sql":
        return os.path.basename(location)[:200]
    try:
        return make_url(location).render_as_string(hide_password=True)[:200]
    except Exception:
        return "?"
