"""ID copies written before the file store: one AES-GCM message per copy under the portal's key ring
(dsar/core/crypto.py), ``MAGIC | key id | nonce | ciphertext+tag``, bound to its case, its file row
and the key id (security.md S-02). The file store reads these as they are and writes its own form;
``flask dsar rotate-keys`` turns them into that form."""

from __future__ import annotations

from dsar.core.crypto import (  # noqa: F401 - identity's callers keep their names
    IntegrityFailure,
    KeyConfigError,
    KeyRing,
    key_ring,
    new_key_text,
    parse_keys,
    seal,
    unseal,
)
from dsar.core.crypto import key_id_of as _key_id_of

MAGIC = b"DSID1"


def _aad(case_id: int, file_id: int, key_id: str) -> bytes:
    return f"dsar.id-copy|case={case_id}|file={file_id}|key={key_id}".encode()


def key_id_of(blob: bytes, magic: bytes = MAGIC) -> str:
    return _key_id_of(blob, magic)


def encrypt(ring: KeyRing, plaintext: bytes, case_id: int, file_id: int) -> bytes:
    return seal(ring, plaintext, MAGIC, lambda key_id: _aad(case_id, file_id, key_id))


def decrypt(ring: KeyRing, blob: bytes, case_id: int, file_id: int) -> bytes:
    return unseal(ring, blob, MAGIC, lambda key_id: _aad(case_id, file_id, key_id))
