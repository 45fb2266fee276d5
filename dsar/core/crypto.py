"""The portal's one key ring: AES-256-GCM for every file and secret it keeps (security.md S-01..S-04).

Keys come from ``DSAR_ID_ENCRYPTION_KEYS`` (``id:base64key,id:base64key``, newest first; the name
stays from the ring's first use, ID copies), never from the repository or the database, and are
distinct from ``SECRET_KEY`` (S-03; production refuses to start otherwise, see
config.check_production). The first key encrypts, every key decrypts, and ``flask dsar rotate-keys``
re-encrypts whatever an older key still holds so that key can be removed (S-04).

Two shapes of ciphertext, both ``magic | key id | nonce | ...``:

- ``seal``/``unseal``: one AES-GCM message, for small values (a TOTP secret, a data source's URL);
- ``seal_stream``/``StreamOpener``: the file store's chunked form (the STREAM construction of
  Hoang, Reyhanitabar, Rogaway and Vizár): 64 KiB chunks, each its own AES-GCM message whose nonce
  carries the chunk's number and whose associated data says whether it is the last one. A file of
  any size is written and read chunk by chunk, never whole in memory; chunks cannot be reordered,
  dropped or cut off at the end without the read failing.

The associated data always binds the ciphertext to what it belongs to and to the key id, so a blob
moved under another owner (or relabelled with another key id) fails to authenticate (S-02).
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
            raise KeyConfigError("each encryption key is written as <id>:<base64 of 32 bytes>")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError as exc:
            raise KeyConfigError(f"encryption key {key_id!r} is not valid base64") from exc
        if len(key) != KEY_BYTES:
            raise KeyConfigError(f"encryption key {key_id!r} must be exactly {KEY_BYTES} bytes")
        if key_id in keys:
            raise KeyConfigError(f"encryption key id {key_id!r} appears twice")
        keys[key_id] = key
        order.append(key_id)
    if not keys:
        raise KeyConfigError("no encryption key configured")
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


def seal(ring: KeyRing, plaintext: bytes, magic: bytes, aad: Callable[[str], bytes]) -> bytes:
    """``magic | key id | nonce | ciphertext+tag`` under the ring's current key. ``aad`` gives the
    associated data for a key id: each kind of blob has its own magic and binding."""
    key_id = ring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(key_id)).encrypt(nonce, plaintext, aad(key_id))
    return magic + bytes([len(key_id)]) + key_id.encode() + nonce + sealed


def key_id_of(blob: bytes, magic: bytes) -> str:
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


def _header(magic: bytes, key_id: str) -> bytes:
    return magic + bytes([len(key_id)]) + key_id.encode()


# The chunked form. A chunk's nonce is a random 7-byte prefix (one per file), its 4-byte number and
# a last-chunk byte, so no nonce repeats under one key; the last-chunk flag is in the associated data
# too. A file is at least one chunk (an empty file is one empty last chunk).
CHUNK_BYTES = 64 * 1024
TAG_BYTES = 16
PREFIX_BYTES = 7


def _chunk_nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + index.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _chunk_aad(aad: bytes, index: int, last: bool) -> bytes:
    return aad + f"|chunk={index}|last={int(last)}".encode()


def seal_stream(ring: KeyRing, chunks, magic: bytes, aad: Callable[[str], bytes]):
    """Yield the ciphertext of the plaintext ``chunks`` (any iterable of bytes), a chunk at a time:
    first the header, then one sealed chunk per ``CHUNK_BYTES`` of plaintext."""
    key_id = ring.current
    cipher, bound, prefix = AESGCM(ring.key(key_id)), aad(key_id), os.urandom(PREFIX_BYTES)
    yield _header(magic, key_id) + prefix
    pending, index = bytearray(), 0
    for piece in chunks:
        pending += piece
        start = 0
        while len(pending) - start > CHUNK_BYTES:  # keep one chunk back: only the end knows the last
            block = bytes(pending[start : start + CHUNK_BYTES])
            start += CHUNK_BYTES
            yield cipher.encrypt(_chunk_nonce(prefix, index, False), block, _chunk_aad(bound, index, False))
            index += 1
        del pending[:start]
    yield cipher.encrypt(_chunk_nonce(prefix, index, True), bytes(pending), _chunk_aad(bound, index, True))


def stream_header_size(blob_start: bytes, magic: bytes) -> int:
    return len(magic) + 1 + len(key_id_of(blob_start, magic)) + PREFIX_BYTES


def plain_size(sealed_size: int, header_size: int) -> int:
    """The plaintext length of a chunked blob of ``sealed_size`` bytes."""
    body = sealed_size - header_size
    chunks = max(1, -(-body // (CHUNK_BYTES + TAG_BYTES)))
    return body - chunks * TAG_BYTES


class StreamOpener:
    """Decrypts a chunked blob read from ``handle`` (anything with ``read(n)``), chunk by chunk.
    The first chunk is opened when the opener is made, so a swapped or tampered blob fails before a
    response starts; a later chunk that fails raises IntegrityFailure while reading."""

    def __init__(self, ring: KeyRing, handle, sealed_size: int, magic: bytes, aad: Callable[[str], bytes]):
        start = _read_exactly(handle, len(magic) + 1)
        if not start.startswith(magic):
            raise IntegrityFailure("not a blob of this kind")
        rest = _read_exactly(handle, start[-1] + PREFIX_BYTES)
        key_id = rest[: start[-1]].decode("ascii", "replace")
        self._prefix = rest[start[-1] :]
        self._handle = handle
        self._cipher = AESGCM(ring.key(key_id))
        self._aad = aad(key_id)
        self.key_id = key_id
        header = len(magic) + 1 + len(key_id) + PREFIX_BYTES
        self.size = plain_size(sealed_size, header)
        self._chunks = max(1, -(-(sealed_size - header) // (CHUNK_BYTES + TAG_BYTES)))
        self._index = 0
        self._buffer = self._next_chunk()

    def _next_chunk(self) -> bytes:
        if self._index >= self._chunks:
            return b""
        last = self._index == self._chunks - 1
        sealed = _read_exactly(self._handle, CHUNK_BYTES + TAG_BYTES if not last else None)
        nonce = _chunk_nonce(self._prefix, self._index, last)
        try:
            plain = self._cipher.decrypt(nonce, sealed, _chunk_aad(self._aad, self._index, last))
        except (InvalidTag, ValueError) as exc:
            raise IntegrityFailure("authentication failed") from exc
        self._index += 1
        return plain

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes of plaintext (all that is left with -1), like a file's read."""
        out = []
        wanted = size if size >= 0 else None
        while self._buffer and (wanted is None or wanted > 0):
            take = self._buffer if wanted is None else self._buffer[:wanted]
            self._buffer = self._buffer[len(take) :]
            out.append(take)
            if wanted is not None:
                wanted -= len(take)
            if not self._buffer:
                self._buffer = self._next_chunk()
        return b"".join(out)

    def close(self) -> None:
        self._handle.close()


def _read_exactly(handle, size: int | None) -> bytes:
    """``size`` bytes (all that is left with None); a blob that ends early is a failure, not data."""
    if size is None:
        return handle.read()
    data = b""
    while len(data) < size:
        piece = handle.read(size - len(data))
        if not piece:
            raise IntegrityFailure("the blob ends early")
        data += piece
    return data
