"""Encryption of ID copies at rest: AES-256-GCM with a key ring (security.md S-01..S-04).

Every blob is ``MAGIC | key id | 96-bit random nonce | ciphertext+tag``. The associated data binds
the blob to its case, its file row and the key id, so a blob copied over another case's file (or
relabelled with another key id) fails authentication instead of showing someone else's document
(S-02). Keys come from ``DSAR_ID_ENCRYPTION_KEYS`` (``id:base64key,id:base64key``, newest first),
never from the repository or the database, and are distinct from ``SECRET_KEY`` (S-03; production
refuses to start otherwise, see config.check_production). Old keys stay in the ring until
``flask dsar rotate-id-keys`` has re-encrypted every blob (S-04).
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"DSID1"
NONCE_BYTES = 12
KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class KeyConfigError(ValueError):
    pass


class IntegrityFailure(Exception):
    """The blob does not authenticate: tampered, swapped between files, or its key is gone."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    current: str

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError as exc:
            raise IntegrityFailure(f"unknown key id {key_id!r}") from exc


def parse_keys(raw: str) -> KeyRing:
    """``"k2:base64,k1:base64"``: the first key encrypts, all of them decrypt."""
    keys: dict[str, bytes] = {}
    order = []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not _KEY_ID.match(key_id):
            raise KeyConfigError("each ID encryption key is written as <id>:<base64 of 32 bytes>")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError as exc:
            raise KeyConfigError(f"ID encryption key {key_id!r} is not valid base64") from exc
        if len(key) != KEY_BYTES:
            raise KeyConfigError(f"ID encryption key {key_id!r} must be exactly {KEY_BYTES} bytes")
        if key_id in keys:
            raise KeyConfigError(f"ID encryption key id {key_id!r} appears twice")
        keys[key_id] = key
        order.append(key_id)
    if not keys:
        raise KeyConfigError("no ID encryption key configured")
    return KeyRing(keys, order[0])


def key_ring(config) -> KeyRing:
    """The configured ring. Outside production, with nothing configured, a development key derived
    from SECRET_KEY (HKDF with its own label, so it never equals the signing key)."""
    raw = config.get("ID_ENCRYPTION_KEYS") or ""
    if raw:
        return parse_keys(raw)
    if config.get("ENV") == "production":
        raise KeyConfigError("DSAR_ID_ENCRYPTION_KEYS is required in production")
    derived = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"dsar id-copy dev key"
    ).derive(config["SECRET_KEY"].encode())
    return KeyRing({"dev": derived}, "dev")


def new_key_text(key_id: str) -> str:
    """A fresh key in the configuration format (printed by the rotation command's help)."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode().rstrip('=')}"


def _aad(case_id: int, file_id: int, key_id: str) -> bytes:
    return f"dsar.id-copy|case={case_id}|file={file_id}|key={key_id}".encode()


def seal(ring: KeyRing, plaintext: bytes, magic: bytes, aad: Callable[[str], bytes]) -> bytes:
    """``magic | key id | nonce | ciphertext+tag`` under the ring's current key. ``aad`` gives the
    associated data for a key id: each kind of blob has its own magic and binding."""
    key_id = ring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(key_id)).encrypt(nonce, plaintext, aad(key_id))
    return magic + bytes([len(key_id)]) + key_id.encode() + nonce + sealed


def key_id_of(blob: bytes, magic: bytes = MAGIC) -> str:
    if not blob.startswith(magic) or len(blob) < len(magic) + 1:
        raise IntegrityFailure("not a blob of this kind")
    length = blob[len(magic)]
    return blob[len(magic) + 1 : len(magic) + 1 + length].decode("ascii", "replace")


def unseal(ring: KeyRing, blob: bytes, magic: bytes, aad: Callable[[str], bytes]) -> bytes:
    key_id = key_id_of(blob, magic)
    start = len(magic) + 1 + len(key_id)
    nonce, sealed = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    try:
        return AESGCM(ring.key(key_id)).decrypt(nonce, sealed, aad(key_id))
    except (InvalidTag, ValueError) as exc:
        raise IntegrityFailure("authentication failed") from exc


def encrypt(ring: KeyRing, plaintext: bytes, case_id: int, file_id: int) -> bytes:
    return seal(ring, plaintext, MAGIC, lambda key_id: _aad(case_id, file_id, key_id))


def decrypt(ring: KeyRing, blob: bytes, case_id: int, file_id: int) -> bytes:
    return unseal(ring, blob, MAGIC, lambda key_id: _aad(case_id, file_id, key_id))
