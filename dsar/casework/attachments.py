"""Internal attachments: files staff add to a case (a letter, a scanned form, proof of deletion,
the evidence for one system of the erasure checklist).

Checked by content, never by the name or Content-Type sent (security.md U-03): PDF, PNG, JPEG or
UTF-8 text, at most 10 MB. Scanned for malware before acceptance (U-12): an infected file is
refused and the refusal is on the case trail; a file the scanner could not check is held, never
served, until a later scan passes. Kept in the file store (dsar/core/storage), kind
``case-attachment``, encrypted and bound to its case and row, so a blob swapped between cases fails
to open (S-01, S-02). Served only through a view that checks the role and writes every download on
the case trail."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.casework.models import CaseAttachment
from dsar.core import downloads, storage
from dsar.core.db import db
from dsar.core.storage import upkeep
from dsar.core.storage.records import new_file_facts

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = frozenset({"pdf", "png", "jpeg", "text"})
KIND = storage.Kind("case-attachment", "case-attachments", legacy_magic=b"DSCA1")


class AttachmentRejected(ValueError):
    """The upload is not one we accept; the message can be shown as is."""


class AttachmentUnreadable(Exception):
    """The blob is missing, held for a malware scan, or does not authenticate."""


def owner(attachment: CaseAttachment) -> str:
    return f"case={attachment.case_id}|file={attachment.id}"


BLOBS = upkeep.Blobs(KIND, "attachments", name=lambda attachment: attachment.storage_key, owner=owner)


def sniff(data: bytes) -> tuple[str, str]:
    found = storage.detect(data, ACCEPTED)
    if found is None:
        raise AttachmentRejected(_("Only PDF, PNG, JPEG or plain-text files are accepted."))
    return found.content_type, found.extension


def _scan(case: Case, data: bytes, actor_id: int) -> str:
    def refused(signature: str) -> None:
        record_event(case, "upload_refused_malware", actor_id, signature=signature)

    return storage.scan_for_acceptance(data, refused, AttachmentRejected)


def add_attachment(case: Case, data: bytes, name: str | None, actor_id: int) -> CaseAttachment:
    """Validate, scan, encrypt and store; the row is added to the caller's transaction. A rollback
    removes the blob again (security.md R-07: no file without its row)."""
    if not data:
        raise AttachmentRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise AttachmentRejected(_("The file is larger than 10 MB."))
    content_type, extension = sniff(data)
    scan_status = _scan(case, data, actor_id)
    attachment = CaseAttachment(
        case_id=case.id,
        uploaded_by_id=actor_id,
        scan_status=scan_status,
        **new_file_facts(data, name, content_type, extension),
    )
    db.session.add(attachment)
    db.session.flush()  # the id the encryption binds the blob to
    attachment.key_id = storage.write(KIND, attachment.storage_key, owner(attachment), data)
    record_event(
        case, "attachment_added", actor_id, attachment=attachment.public_id, sha256=attachment.sha256
    )
    return attachment


def open_attachment(case: Case, attachment: CaseAttachment, actor_id: int) -> storage.Reader:
    """A reader for the download (core/downloads.send_tracked records it once delivered); a blob
    that fails its integrity check is on the case trail (S-02)."""
    if attachment.scan_status == storage.HELD:
        raise AttachmentUnreadable("waiting for a malware scan")
    try:
        return storage.open(KIND, attachment.storage_key, owner(attachment))
    except storage.Unreadable as exc:
        record_event(case, "attachment_integrity_failure", actor_id, attachment=attachment.public_id)
        raise AttachmentUnreadable(str(exc)) from exc


def read_attachment(attachment: CaseAttachment) -> bytes:
    return storage.read(KIND, attachment.storage_key, owner(attachment))


def download_headers(attachment: CaseAttachment) -> dict[str, str]:
    """RFC 6266 attachment, never rendered inline (security.md U-11)."""
    return downloads.attachment_headers(attachment.display_name, attachment.content_type)


def rescan_held_attachments() -> int:
    """Periodic: scan held attachments again; release the clean ones, remove the infected ones
    (the row stays with its hash and the signature on the trail)."""

    def infected(attachment: CaseAttachment, signature: str) -> None:
        storage.delete_after_commit(KIND, attachment.storage_key)
        attachment.scan_status = "infected"
        case = db.session.get(Case, attachment.case_id)
        record_event(case, "held_file_infected", file=attachment.public_id, signature=signature)

    def released(attachment: CaseAttachment) -> None:
        case = db.session.get(Case, attachment.case_id)
        record_event(case, "held_file_released", file=attachment.public_id)

    held = db.session.scalars(select(CaseAttachment).where(CaseAttachment.scan_status == storage.HELD)).all()
    return upkeep.rescan_rows(BLOBS, held, infected, released)


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt every attachment under the newest key of the ring (security.md S-04). Commits
    per file, so an interrupted run continues where it stopped."""
    todo = db.session.scalars(
        select(CaseAttachment)
        .where(CaseAttachment.key_id != upkeep.current_key(), CaseAttachment.scan_status != "infected")
        .order_by(CaseAttachment.id)
    ).all()
    return upkeep.reseal_rows(BLOBS, todo, echo)
