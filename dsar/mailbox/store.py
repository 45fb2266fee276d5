"""Mail at rest: the raw message and each attachment, AES-256-GCM encrypted with the portal's key
ring under a random name in ``UPLOAD_DIR/mailbox`` (0700/0600, outside any web root; security.md
U-09, U-10, S-01). The associated data binds a blob to its mail and part, so a blob swapped for
another fails to open (S-02). The raw message is scanned for malware before it is kept (U-12;
clamd unpacks the MIME parts itself): an infected message is not kept here at all, and one the
scanner could not check is held, never offered for download, until a later scan passes. A blob
written in a transaction that rolls back is removed again (R-07)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from dsar.cases.files import clean_display_name
from dsar.core import crypto, scanning
from dsar.core.db import db
from dsar.mailbox.models import IncomingMail, MailPart

MAGIC = b"DSML1"  # its own magic: no other kind of blob can pass for a mail
WRITTEN_KEY = "dsar_mail_blobs_written"
HELD = "held"
_NAME = re.compile(r"^[0-9a-f]{32}$")
# What a download may be labelled as, decided from the bytes (U-03); anything else is offered as
# an opaque file, never rendered.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class MailUnavailable(Exception):
    """The blob is held for a scan, was never kept, is missing, or does not authenticate."""


def sniff(data: bytes) -> tuple[str, str]:
    for prefix, content_type, extension in SIGNATURES:
        if data.startswith(prefix):
            return content_type, extension
    return "application/octet-stream", "bin"


def scan(raw: bytes) -> scanning.ScanResult:
    return scanning.scan(raw)


def keep_raw(mail: IncomingMail, raw: bytes, verdict: scanning.Verdict) -> None:
    """Encrypt and write the whole message for a mail row that already has its id."""
    ring = crypto.key_ring(current_app.config)
    mail.raw_key = secrets.token_hex(16)
    mail.key_id = ring.current
    mail.scan_status = HELD if verdict == scanning.Verdict.UNAVAILABLE else verdict.value
    _write(mail.raw_key, crypto.seal(ring, raw, MAGIC, lambda key_id: _aad(mail.id, 0, key_id)))


def keep_part(mail: IncomingMail, data: bytes, filename: str | None) -> MailPart:
    ring = crypto.key_ring(current_app.config)
    content_type, extension = sniff(data)
    if extension == "bin" and filename and "." in filename:
        extension = "".join(ch for ch in filename.rsplit(".", 1)[1][:8] if ch.isalnum()) or "bin"
    part = MailPart(
        mail_id=mail.id,
        public_id=secrets.token_hex(16),
        storage_key=secrets.token_hex(16),
        key_id=ring.current,
        display_name=clean_display_name(filename, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    db.session.add(part)
    db.session.flush()
    _write(part.storage_key, crypto.seal(ring, data, MAGIC, lambda key_id: _aad(mail.id, part.id, key_id)))
    return part


def read_raw(mail: IncomingMail) -> bytes:
    if mail.raw_key is None:
        raise MailUnavailable("the message stayed on the mail server")
    return _read(mail, mail.raw_key, 0)


def read_part(mail: IncomingMail, part: MailPart) -> bytes:
    return _read(mail, part.storage_key, part.id)


def _read(mail: IncomingMail, key: str, part_id: int) -> bytes:
    if mail.scan_status == HELD:
        raise MailUnavailable("waiting for a malware scan")
    ring = crypto.key_ring(current_app.config)
    try:
        blob = path_for(key).read_bytes()
        return crypto.unseal(ring, blob, MAGIC, lambda key_id: _aad(mail.id, part_id, key_id))
    except (OSError, crypto.IntegrityFailure) as exc:
        raise MailUnavailable(str(exc)) from exc


def download_headers(name: str, content_type: str) -> dict[str, str]:
    """RFC 6266 attachment, never rendered inline (security.md U-11)."""
    return {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "Content-Type": content_type,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "no-store",
    }


def rescan_held_mail() -> int:
    """Periodic: scan held messages again; release the clean ones, remove the infected ones (the
    mail row stays, with the signature, and the message is still on the server)."""
    released = 0
    ring = crypto.key_ring(current_app.config)
    for mail in db.session.scalars(select(IncomingMail).where(IncomingMail.scan_status == HELD)).all():
        raw = crypto.unseal(
            ring, path_for(mail.raw_key).read_bytes(), MAGIC, lambda k, m=mail: _aad(m.id, 0, k)
        )
        result = scanning.scan(raw)
        if result.verdict == scanning.Verdict.UNAVAILABLE:
            continue
        if result.verdict == scanning.Verdict.INFECTED:
            forget_blobs(mail)
            mail.scan_signature = (result.signature or "")[:200]
        else:
            released += 1
        mail.scan_status = result.verdict.value
        db.session.commit()
    return released


ORPHAN_SECONDS = 3600  # older than any transaction still in flight


def remove_orphans() -> int:
    """Periodic: remove blobs no row points to any more: a mail purged with its case (rules 6.2;
    the rows go by ON DELETE CASCADE, the files are ours to remove) or a fetch that crashed before
    its commit (security.md R-07). Young files are left alone: their transaction may still commit."""
    known = set(db.session.scalars(select(IncomingMail.raw_key).where(IncomingMail.raw_key.is_not(None))))
    known |= set(db.session.scalars(select(MailPart.storage_key)))
    cutoff = time.time() - ORPHAN_SECONDS
    removed = 0
    for path in root().glob("*.bin"):
        if path.stem not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def forget_blobs(mail: IncomingMail) -> None:
    """Remove the raw message and the attachments from disk (an infected message)."""
    for key in [mail.raw_key, *(part.storage_key for part in mail.parts)]:
        if key:
            path_for(key).unlink(missing_ok=True)
    for part in list(mail.parts):
        db.session.delete(part)
    mail.raw_key = None


def root() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "mailbox"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_for(key: str) -> Path:
    if not _NAME.match(key or ""):
        raise ValueError("not a storage key")
    return root() / f"{key}.bin"


def _aad(mail_id: int, part_id: int, key_id: str) -> bytes:
    return f"dsar.mail|mail={mail_id}|part={part_id}|key={key_id}".encode()


def _write(key: str, blob: bytes) -> None:
    fd = os.open(path_for(key), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    db.session.info.setdefault(WRITTEN_KEY, []).append(key)


@event.listens_for(Session, "after_commit")
def _forget_written(session: Session) -> None:
    session.info.pop(WRITTEN_KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove_written(session: Session) -> None:
    for key in session.info.pop(WRITTEN_KEY, []):
        with contextlib.suppress(RuntimeError, ValueError):  # outside an app context
            path_for(key).unlink(missing_ok=True)
