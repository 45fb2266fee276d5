"""The one file store: every file a feature keeps goes through here (design.md "Files").

- **Encrypted before it leaves the process**: the key ring's chunked AES-256-GCM form
  (dsar/core/crypto.py), the associated data binding the blob to its kind (purpose) and its owner
  (the rows it belongs to) and to the key id, so a blob moved under another case, file or kind
  fails to open (security.md S-01, S-02).
- **Atomic and transactional**: a blob appears whole or not at all (backends.py); one written in a
  transaction that rolls back is removed again, and a deletion takes effect only once the
  transaction recording it commits (R-07: no file without its row, no row pointing at nothing).
- **Read as a stream**: ``open`` gives a reader for core/downloads.send_tracked, so a large answer
  package is never whole in memory.
- **One rotation**: ``reseal`` re-encrypts a blob under the newest key; ``flask dsar rotate-keys``
  runs every kind's registered rotation (S-04).

Blobs written before this store are still read: one-message AES-GCM blobs of a kind's
``legacy_magic`` and, for kinds whose row has no key id yet, plaintext (``flask dsar storage
migrate`` encrypts those in place).
"""

from __future__ import annotations

import contextlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from dsar.core import crypto
from dsar.core.db import db
from dsar.core.storage import backends

MAGIC = b"DSF1"
WRITTEN_KEY = "dsar_store_written"
DOOMED_KEY = "dsar_store_doomed"
_NAME = re.compile(r"^[0-9a-f]{32}$")
PLAIN = None  # the key id of a row whose file predates encryption


@dataclass(frozen=True)
class Kind:
    """One kind of stored file: its purpose goes into the associated data, its folder is where its
    blobs live (the same folders under ``uploads/`` as before the store)."""

    purpose: str
    folder: str
    suffix: str = ".bin"
    legacy_magic: bytes | None = None


class Unreadable(Exception):
    """The blob is missing or does not authenticate (tampered, swapped, or its key is gone)."""


def backend() -> backends.Backend:
    app = current_app._get_current_object()
    found = app.extensions.get("dsar_storage")
    if found is None:
        found = app.extensions["dsar_storage"] = backends.from_config(app.config)
    return found


def ring() -> crypto.KeyRing:
    return crypto.key_ring(current_app.config)


def new_name() -> str:
    """A 128-bit random name: nothing a person sent ever reaches a key (security.md U-09)."""
    return secrets.token_hex(16)


def key_for(kind: Kind, name: str) -> str:
    if not _NAME.match(name or ""):
        raise ValueError("not a storage name")
    return f"{kind.folder}/{name}{kind.suffix}"


def _aad(kind: Kind, owner: str):
    return lambda key_id: f"dsar.{kind.purpose}|{owner}|key={key_id}".encode()


def _sealed(kind: Kind, owner: str, data: bytes | Iterable[bytes], keys: crypto.KeyRing):
    chunks = [data] if isinstance(data, bytes) else data
    return crypto.seal_stream(keys, chunks, MAGIC, _aad(kind, owner))


def write(kind: Kind, name: str, owner: str, data: bytes | Iterable[bytes], session=None) -> str:
    """Encrypt and store ``data`` (bytes or an iterable of chunks) under ``name``; returns the key
    id used. Removed again if the session's transaction rolls back."""
    keys, store, session = ring(), backend(), session or _session()
    key = key_for(kind, name)
    session.connection()  # begin the transaction now, so its commit or rollback is seen
    store.put(key, _sealed(kind, owner, data, keys))
    session.info.setdefault(WRITTEN_KEY, []).append((store, key))
    return keys.current


class Reader:
    """Plaintext of a stored blob, read on demand: ``read(n)``, ``size``, ``close()``."""

    def __init__(self, source, size: int, handle):
        self._source, self.size, self._handle = source, size, handle

    def read(self, size: int = -1) -> bytes:
        try:
            return self._source.read(size)
        except crypto.IntegrityFailure as exc:
            raise Unreadable(str(exc)) from exc

    def close(self) -> None:
        self._handle.close()


def open(kind: Kind, name: str, owner: str, key_id: str | None = "") -> Reader:
    """A reader of the plaintext. ``key_id`` is the row's: PLAIN (None) for a file stored before
    encryption, which is read as it is. Unreadable when missing or failing to authenticate (the
    first chunk is checked here, before any response starts)."""
    try:
        handle, size = backend().open(key_for(kind, name))
    except FileNotFoundError as exc:
        raise Unreadable("missing") from exc
    try:
        if key_id is PLAIN:
            return Reader(handle, size, handle)
        start = handle.read(len(MAGIC))
        if start == MAGIC:
            opener = crypto.StreamOpener(ring(), _Prepend(start, handle), size, MAGIC, _aad(kind, owner))
            return Reader(opener, opener.size, handle)
        if kind.legacy_magic and start == kind.legacy_magic[: len(MAGIC)]:
            plain = crypto.unseal(ring(), start + handle.read(), kind.legacy_magic, _aad(kind, owner))
            handle.close()
            return Reader(io.BytesIO(plain), len(plain), io.BytesIO())
        raise crypto.IntegrityFailure("not a blob of this kind")
    except crypto.IntegrityFailure as exc:
        handle.close()
        raise Unreadable(str(exc)) from exc


class _Prepend:
    """A handle whose first bytes were already read."""

    def __init__(self, head: bytes, handle):
        self._head, self._handle = head, handle

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._handle.read(size) if size is None or size >= 0 else self._handle.read()
        if size is None or size < 0:
            data, self._head = self._head + self._handle.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data + (self._handle.read(size - len(data)) if size > len(data) else b"")

    def close(self) -> None:
        self._handle.close()


def read(kind: Kind, name: str, owner: str, key_id: str | None = "") -> bytes:
    reader = open(kind, name, owner, key_id)
    try:
        return reader.read()
    finally:
        reader.close()


def key_id_of(kind: Kind, name: str) -> str | None:
    """The key a stored blob is sealed under (None for plaintext or a missing blob)."""
    try:
        handle, _size = backend().open(key_for(kind, name))
    except FileNotFoundError:
        return None
    with contextlib.closing(handle):
        start = handle.read(len(MAGIC) + 1 + 16)
    for magic in (MAGIC, kind.legacy_magic):
        if magic and start.startswith(magic):
            return crypto.key_id_of(start, magic)
    return None


def reseal(kind: Kind, name: str, owner: str, key_id: str | None = "") -> str:
    """Re-encrypt a stored blob under the newest key, in place and atomically (rotation, and the
    migration of plaintext files). Returns the new key id; running it twice does no harm."""
    keys = ring()
    reader = open(kind, name, owner, key_id)
    try:
        backend().put(
            key_for(kind, name),
            _sealed(kind, owner, iter(lambda: reader.read(crypto.CHUNK_BYTES), b""), keys),
        )
    finally:
        reader.close()
    return keys.current


def exists(kind: Kind, name: str) -> bool:
    return backend().exists(key_for(kind, name))


def delete_after_commit(kind: Kind, name: str, session=None) -> None:
    session = session or _session()
    session.connection()
    session.info.setdefault(DOOMED_KEY, []).append((backend(), key_for(kind, name)))


def delete_now(kind: Kind, name: str) -> None:
    backend().delete(key_for(kind, name))


def stored(kind: Kind) -> dict[str, float]:
    """Name -> age reference (modification time) of every blob of this kind, for orphan sweeps."""
    suffix = kind.suffix
    return {
        entry.removesuffix(suffix): mtime
        for entry, mtime in backend().listing(kind.folder).items()
        if entry.endswith(suffix) and _NAME.match(entry.removesuffix(suffix))
    }


def _session():
    return db.session


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN_KEY, None)
    for store, key in session.info.pop(DOOMED_KEY, []):
        with contextlib.suppress(Exception):  # left behind: the kind's orphan sweep takes it
            store.delete(key)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(DOOMED_KEY, None)
    for store, key in session.info.pop(WRITTEN_KEY, []):
        with contextlib.suppress(Exception):
            store.delete(key)
