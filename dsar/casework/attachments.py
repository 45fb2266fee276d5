"""Internal attachments: files staff add to a case (a letter, a scanned form, proof of deletion).

Checked by content, never by the name or Content-Type sent (security.md U-03): PDF, PNG, JPEG or
UTF-8 text, at most 10 MB. Stored AES-256-GCM encrypted with the portal's key ring (the one of
dsar/core/crypto.py) under a random name in ``UPLOAD_DIR/case-attachments`` (0700/0600, outside
any web root; U-09, U-10, S-01). The associated data binds each blob to its case and row, so a blob
swapped between cases fails to open (S-02). Served only through a view that checks the role and
writes every download on the case trail."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from dsar.cases.files import clean_display_name
from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.casework.models import CaseAttachment
from dsar.core import crypto
from dsar.core.db import db

MAX_BYTES = 10 * 1024 * 1024
MAGIC = b"DSCA1"  # not the ID-copy magic: an ID blob can never pass for an attachment
WRITTEN_KEY = "dsar_attachment_blobs_written"
_NAME = re.compile(r"^[0-9a-f]{32}$")
# Magic bytes of the allowlisted types: (prefix, content type, extension).
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class AttachmentRejected(ValueError):
    """The upload is not one we accept; the message can be shown as is."""


class AttachmentUnreadable(Exception):
    """The blob is missing or does not authenticate (tampered, swapped, or its key is gone)."""


def sniff(data: bytes) -> tuple[str, str]:
    for prefix, content_type, extension in SIGNATURES:
        if data.startswith(prefix):
            return content_type, extension
    if b"\x00" not in data:
        with contextlib.suppress(UnicodeDecodeError):
            data.decode("utf-8")
            return "text/plain; charset=utf-8", "txt"
    raise AttachmentRejected(_("Only PDF, PNG, JPEG or plain-text files are accepted."))


def root() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "case-attachments"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_for(key: str) -> Path:
    if not _NAME.match(key or ""):
        raise ValueError("not a storage key")
    return root() / f"{key}.bin"


def _aad(case_id: int, attachment_id: int, key_id: str) -> bytes:
    return f"dsar.case-attachment|case={case_id}|file={attachment_id}|key={key_id}".encode()


def seal(ring: crypto.KeyRing, plain: bytes, case_id: int, attachment_id: int) -> bytes:
    return crypto.seal(ring, plain, MAGIC, lambda key_id: _aad(case_id, attachment_id, key_id))


def unseal(ring: crypto.KeyRing, blob: bytes, case_id: int, attachment_id: int) -> bytes:
    try:
        return crypto.unseal(ring, blob, MAGIC, lambda key_id: _aad(case_id, attachment_id, key_id))
    except crypto.IntegrityFailure as exc:
        raise AttachmentUnreadable(str(exc)) from exc


def ring() -> crypto.KeyRing:
    return crypto.key_ring(current_app.config)


def _write(key: str, blob: bytes) -> None:
    target = path_for(key)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    db.session.info.setdefault(WRITTEN_KEY, []).append(key)


def add_attachment(case: Case, data: bytes, name: str | None, actor_id: int) -> CaseAttachment:
    """Validate, encrypt and store; the row is added to the caller's transaction. A rollback
    removes the blob again (security.md R-07: no file without its row)."""
    if not data:
        raise AttachmentRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise AttachmentRejected(_("The file is larger than 10 MB."))
    content_type, extension = sniff(data)
    keys = ring()
    attachment = CaseAttachment(
        case_id=case.id,
        public_id=secrets.token_hex(16),
        storage_key=secrets.token_hex(16),
        key_id=keys.current,
        display_name=clean_display_name(name, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=actor_id,
    )
    db.session.add(attachment)
    db.session.flush()  # the id the encryption binds the blob to
    _write(attachment.storage_key, seal(keys, data, case.id, attachment.id))
    record_event(
        case, "attachment_added", actor_id, attachment=attachment.public_id, sha256=attachment.sha256
    )
    return attachment


def open_attachment(case: Case, attachment: CaseAttachment, actor_id: int) -> bytes:
    """Decrypt for download; the download is on the case trail (security.md Z-04), and so is a
    blob that fails its integrity check (S-02)."""
    try:
        plain = unseal(ring(), path_for(attachment.storage_key).read_bytes(), case.id, attachment.id)
    except (AttachmentUnreadable, FileNotFoundError) as exc:
        record_event(case, "attachment_integrity_failure", actor_id, attachment=attachment.public_id)
        raise AttachmentUnreadable(str(exc)) from exc
    record_event(case, "attachment_downloaded", actor_id, attachment=attachment.public_id)
    return plain


def download_headers(attachment: CaseAttachment) -> dict[str, str]:
    """RFC 6266 attachment, never rendered inline (security.md U-11)."""
    return {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(attachment.display_name)}",
        "Content-Type": attachment.content_type,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "no-store",
    }


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt every attachment under the newest key of the ring (security.md S-04). Commits
    per file, so an interrupted run continues where it stopped."""
    keys = ring()
    todo = db.session.scalars(
        db.select(CaseAttachment).where(CaseAttachment.key_id != keys.current).order_by(CaseAttachment.id)
    ).all()
    for done, attachment in enumerate(todo, start=1):
        path = path_for(attachment.storage_key)
        plain = unseal(keys, path.read_bytes(), attachment.case_id, attachment.id)
        temp = path.with_suffix(".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(seal(keys, plain, attachment.case_id, attachment.id))
        os.replace(temp, path)
        attachment.key_id = keys.current
        db.session.commit()
        echo(f"re-encrypted {done} of {len(todo)}")
    return len(todo)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    session.info.pop(WRITTEN_KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove_written(session: Session) -> None:
    for key in session.info.pop(WRITTEN_KEY, []):
        with contextlib.suppress(RuntimeError, ValueError):  # outside an app context
            path_for(key).unlink(missing_ok=True)
