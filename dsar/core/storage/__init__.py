"""The one file store (design.md "Files"): content typing, malware scan, encryption, atomic and
transactional writes, streaming reads and key rotation for every kind of file the portal keeps.
See store.py; backends.py for local disk and S3."""

from dsar.core.storage.content import Detected, detect
from dsar.core.storage.screening import HELD, Infected, rescan_status, scan_for_acceptance, scan_status
from dsar.core.storage.store import (
    PLAIN,
    Kind,
    Reader,
    Unreadable,
    delete_after_commit,
    delete_now,
    exists,
    key_id_of,
    new_name,
    open,
    read,
    reseal,
    stored,
    write,
)

__all__ = [
    "HELD",
    "PLAIN",
    "Detected",
    "Infected",
    "Kind",
    "Reader",
    "Unreadable",
    "delete_after_commit",
    "delete_now",
    "detect",
    "exists",
    "key_id_of",
    "new_name",
    "open",
    "read",
    "rescan_status",
    "reseal",
    "scan_for_acceptance",
    "scan_status",
    "stored",
    "write",
]
