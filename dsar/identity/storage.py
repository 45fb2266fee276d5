"""ID copies in the file store (dsar/core/storage): kind ``id-copy``, bound to the case and the copy's
row, under ``id-copies/`` of the configured backend; never served as static files.

The store encrypts, writes atomically, removes a blob whose transaction rolls back and deletes one
only once the deletion commits (security.md S-01, S-02, U-09, U-10, R-07). Copies stored before the
store (one AES-GCM message, magic ``DSID1``) are still read, and rewritten by ``flask dsar rotate-keys``.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from dsar.core import storage as store
from dsar.identity import crypto

KIND = store.Kind("id-copy", "id-copies", legacy_magic=crypto.MAGIC)


def owner(copy) -> str:
    return f"case={copy.case_id}|file={copy.id}"


def new_key() -> str:
    return store.new_name()


def write(copy, data: bytes) -> str:
    """Encrypt and store the copy's bytes; returns the key id (the caller's transaction keeps it)."""
    return store.write(KIND, copy.storage_key, owner(copy), data)


def read(copy) -> bytes:
    """The plaintext; store.Unreadable when missing or failing its integrity check (S-02)."""
    return store.read(KIND, copy.storage_key, owner(copy))


def reseal(copy) -> str:
    return store.reseal(KIND, copy.storage_key, owner(copy))


def exists(key: str) -> bool:
    return store.exists(KIND, key)


def delete_after_commit(key: str) -> None:
    store.delete_after_commit(KIND, key)


def delete_now(key: str) -> None:
    store.delete_now(KIND, key)


def stored_keys() -> dict[str, float]:
    """Storage key -> modification time of every ID-copy blob the backend holds."""
    return store.stored(KIND)


def root() -> Path:
    """The folder of ID copies with the local backend (operators and tests look here)."""
    return Path(current_app.config["UPLOAD_DIR"]) / KIND.folder


def path_for(key: str) -> Path:
    return root() / f"{key}{KIND.suffix}"
