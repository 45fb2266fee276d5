"""Mail at rest in the file store (dsar/core/storage), kind ``mail`` under ``mailbox/``: the raw
message and each attachment, encrypted and bound to the mail and part, so a blob swapped for another
fails to open (security.md U-09, U-10, S-01, S-02). The raw message is scanned for malware before it
is kept (U-12; clamd unpacks the MIME parts itself): an infected message is not kept here at all,
and one the scanner could not check is held, never offered for download, until a later scan
passes. A blob written in a transaction that rolls back is removed again (R-07)."""

from __future__ import annotations

import time
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from dsar.core import crypto, downloads, scanning, storage
from dsar.core.db import db
from dsar.core.storage.records import new_file_facts
from dsar.mailbox.models import IncomingMail, MailPart

KIND = storage.Kind("mail", "mailbox", legacy_magic=b"DSML1")
HELD = storage.HELD
# What a download may be labelled as, decided from the bytes (U-03); anything else is offered as
# an opaque file, never rendered.
LABELLED = frozenset({"pdf", "png", "jpeg"})


class MailUnavailable(Exception):
    """The blob is held for a scan, was never kept, is missing, or does not authenticate."""


def _owner(mail_id: int, part_id: int) -> str:
    return f"mail={mail_id}|part={part_id}"


def sniff(data: bytes) -> tuple[str, str]:
    found = storage.detect(data, LABELLED)
    return (found.content_type, found.extension) if found else ("application/octet-stream", "bin")


def scan(raw: bytes) -> scanning.ScanResult:
    return scanning.scan(raw)


def keep_raw(mail: IncomingMail, raw: bytes, verdict: scanning.Verdict) -> None:
    """Encrypt and write the whole message for a mail row that already has its id."""
    mail.raw_key = storage.new_name()
    mail.scan_status = HELD if verdict == scanning.Verdict.UNAVAILABLE else verdict.value
    mail.key_id = storage.write(KIND, mail.raw_key, _owner(mail.id, 0), raw)


def keep_part(mail: IncomingMail, data: bytes, filename: str | None) -> MailPart:
    content_type, extension = sniff(data)
    if extension == "bin" and filename and "." in filename:
        extension = "".join(ch for ch in filename.rsplit(".", 1)[1][:8] if ch.isalnum()) or "bin"
    part = MailPart(mail_id=mail.id, **new_file_facts(data, filename, content_type, extension))
    db.session.add(part)
    db.session.flush()
    part.key_id = storage.write(KIND, part.storage_key, _owner(mail.id, part.id), data)
    return part


def open_raw(mail: IncomingMail) -> storage.Reader:
    if mail.raw_key is None:
        raise MailUnavailable("the message stayed on the mail server")
    return _open(mail, mail.raw_key, 0)


def open_part(mail: IncomingMail, part: MailPart) -> storage.Reader:
    return _open(mail, part.storage_key, part.id)


def read_raw(mail: IncomingMail) -> bytes:
    reader = open_raw(mail)
    try:
        return reader.read()
    finally:
        reader.close()


def read_part(mail: IncomingMail, part: MailPart) -> bytes:
    reader = open_part(mail, part)
    try:
        return reader.read()
    finally:
        reader.close()


def _open(mail: IncomingMail, key: str, part_id: int) -> storage.Reader:
    if mail.scan_status == HELD:
        raise MailUnavailable("waiting for a malware scan")
    try:
        return storage.open(KIND, key, _owner(mail.id, part_id))
    except storage.Unreadable as exc:
        raise MailUnavailable(str(exc)) from exc


def download_headers(name: str, content_type: str) -> dict[str, str]:
    """RFC 6266 attachment, never rendered inline (security.md U-11)."""
    return downloads.attachment_headers(name, content_type)


def rescan_held_mail() -> int:
    """Periodic: scan held messages again; release the clean ones, remove the infected ones (the
    mail row stays, with the signature, and the message is still on the server)."""
    released = 0
    for mail in db.session.scalars(select(IncomingMail).where(IncomingMail.scan_status == HELD)).all():
        raw = storage.read(KIND, mail.raw_key, _owner(mail.id, 0))
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
    for key, mtime in storage.stored(KIND).items():
        if key not in known and mtime < cutoff:
            storage.delete_now(KIND, key)
            removed += 1
    return removed


def forget_blobs(mail: IncomingMail) -> None:
    """Remove the raw message and the attachments (an infected message), once this commits."""
    for key in [mail.raw_key, *(part.storage_key for part in mail.parts)]:
        if key:
            storage.delete_after_commit(KIND, key)
    for part in list(mail.parts):
        db.session.delete(part)
    mail.raw_key = None


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt every kept message and attachment under the newest key (security.md S-04)."""
    current = crypto.key_ring(current_app.config).current
    mails = db.session.scalars(
        select(IncomingMail)
        .where(IncomingMail.raw_key.is_not(None), IncomingMail.key_id != current)
        .order_by(IncomingMail.id)
    ).all()
    for mail in mails:
        mail.key_id = storage.reseal(KIND, mail.raw_key, _owner(mail.id, 0))
        db.session.commit()
    parts = db.session.scalars(select(MailPart).where(MailPart.key_id != current).order_by(MailPart.id)).all()
    for part in parts:
        part.key_id = storage.reseal(KIND, part.storage_key, _owner(part.mail_id, part.id))
        db.session.commit()
    echo(f"mail: re-encrypted {len(mails)} messages and {len(parts)} attachments")
    return len(mails) + len(parts)


def root() -> Path:
    """The mailbox folder with the local backend (operators and tests look here)."""
    return Path(current_app.config["UPLOAD_DIR"]) / KIND.folder


def path_for(key: str) -> Path:
    return root() / f"{key}{KIND.suffix}"
