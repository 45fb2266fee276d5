"""Encrypted blobs for ID copies under ``UPLOAD_DIR/id-copies``; never served as static files.

security.md U-09/U-10/R-07: names are 128-bit random hex generated here (nothing the person sent
reaches a path), the folder is 0700 and files 0600, outside the static folder. Writes are atomic
(temp file + rename). A blob written in a transaction that rolls back is removed; a deletion takes
effect once the transaction that records it commits (the same after-commit idea as jobs.dispatch).
The periodic sweep removes any file left without its row by a crash.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

WRITTEN_KEY = "dsar_id_blobs_written"
DOOMED_KEY = "dsar_id_blobs_doomed"
_NAME = re.compile(r"^[0-9a-f]{32}$")


def root() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "id-copies"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def new_key() -> str:
    return secrets.token_hex(16)


def path_for(key: str) -> Path:
    if not _NAME.match(key or ""):
        raise ValueError("not a storage key")
    return root() / f"{key}.bin"


def write(session: Session, key: str, blob: bytes) -> None:
    target = path_for(key)
    temp = target.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    session.info.setdefault(WRITTEN_KEY, []).append(key)


def replace(key: str, blob: bytes) -> None:
    """Overwrite a blob in place atomically (key rotation)."""
    target = path_for(key)
    temp = target.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, target)


def read(key: str) -> bytes:
    return path_for(key).read_bytes()


def exists(key: str) -> bool:
    return path_for(key).exists()


def delete_after_commit(session: Session, key: str) -> None:
    session.info.setdefault(DOOMED_KEY, []).append(key)


def delete_now(key: str) -> None:
    path_for(key).unlink(missing_ok=True)


def stored_keys() -> set[str]:
    return {path.stem for path in root().glob("*.bin") if _NAME.match(path.stem)}


def file_age_seconds(key: str, now: float) -> float:
    try:
        return now - path_for(key).stat().st_mtime
    except FileNotFoundError:
        return 0.0


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN_KEY, None)
    for key in session.info.pop(DOOMED_KEY, []):
        with contextlib.suppress(RuntimeError):  # outside an app context: the sweep removes it later
            delete_now(key)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(DOOMED_KEY, None)
    for key in session.info.pop(WRITTEN_KEY, []):
        with contextlib.suppress(RuntimeError):
            delete_now(key)
