"""Files kept on a case: what a client controller sends, and the answer package for the requester.

Decided by content, never by name or Content-Type (security.md U-03): a PDF without active content
(U-08), a ZIP within entry, size, ratio and name limits whose members pass the same rules (U-05), or
UTF-8 text (CSV, JSON) that is no HTML, SVG or XML. Stored under a random name outside any web root
with owner-only permissions (U-09, U-10), served only through views that check access, as an
attachment (U-11). Scanned for malware before acceptance (U-12): infected files are refused, and a
file the scanner could not check is held, never served, until a later scan passes.

Kept in the file store (dsar/core/storage), kind ``case-file`` under ``case-files/``: encrypted and
bound to the case and the file's public id (S-01, S-02), written atomically, removed again when the
transaction rolls back and deleted once the deletion commits. A row without a key id is a file kept
in clear before the store, until ``flask dsar storage migrate`` encrypts it."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core import downloads, pdf_content, storage, zip_content
from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.storage import upkeep
from dsar.core.storage.records import clean_display_name

MAX_BYTES = 10 * 1024 * 1024
KINDS = ("controller_upload", "answer_package")
ACCEPTED = frozenset({"pdf", "zip", "json", "csv"})
KIND = storage.Kind("case-file", "case-files", suffix="")


class FileRejected(ValueError):
    """The upload is not one we accept; the message can be shown as is."""


class FileHeld(RuntimeError):
    """The file waits for a malware scan (security.md U-12) and may not be served yet."""


class CaseFile(db.Model):
    __tablename__ = "case_file"
    __table_args__ = (CheckConstraint("kind IN ('controller_upload', 'answer_package')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # scanning.Verdict: clean, unscanned (no scanner configured) or held (scanner unreachable).
    scan_status: Mapped[str] = mapped_column(String(12), default="unscanned", server_default="unscanned")
    # The key the stored file is encrypted under; None: kept in clear before the file store.
    key_id: Mapped[str | None] = mapped_column(String(16))

    @property
    def held(self) -> bool:
        return self.scan_status == HELD


HELD = "held"


def sniff(data: bytes) -> tuple[str, str]:
    """(content type, extension) from the bytes themselves, or FileRejected. The content is checked
    too: a PDF without active content, a ZIP that is no bomb and whose members pass these same
    rules, text that no browser would take for a page (U-03, U-05, U-08)."""
    found = storage.detect(data, ACCEPTED)
    if found is None:
        raise FileRejected(_("Only PDF, ZIP, CSV or JSON files are accepted."))
    if found.kind == "pdf":
        _check_pdf(data)
    elif found.kind == "zip":
        _check_zip(data)
    elif looks_like_markup(data.decode("utf-8")):
        raise FileRejected(_("HTML, SVG or XML files are not accepted; send PDF, CSV or JSON."))
    return found.content_type, found.extension


# Tags a browser sniffs for (WHATWG MIME sniffing, "scriptable" types), looked for where it looks.
_MARKUP_TAGS = ("<!doctype", "<html", "<head", "<body", "<script", "<svg", "<iframe", "<?xml", "<!--")
SNIFF_WINDOW = 1024


def looks_like_markup(text: str) -> bool:
    """HTML, SVG or XML: text that starts with a tag or carries a page's tags near its start. It is
    never stored as CSV, so no viewer can be led to run it (U-11)."""
    head = text[:SNIFF_WINDOW].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<") or any(tag in head for tag in _MARKUP_TAGS)


_PDF_REFUSALS = {
    "active": _l("This PDF contains scripts, actions or attached files, which we do not accept."),
    "encrypted": _l("This PDF is protected by a password. Please send it without one."),
    "unreadable": _l("This PDF could not be read, so it could not be checked."),
}
_ZIP_REFUSALS = {
    "entries": _l("This ZIP file holds more than %(count)s files.", count=zip_content.MAX_ENTRIES),
    "bomb": _l("This ZIP file unpacks to far more data than it holds; it looks like a compression bomb."),
    "name": _l("This ZIP file names a file outside its own folder (an absolute path, .. or a link)."),
    "encrypted": _l("This ZIP file is encrypted, so it could not be checked."),
    "unreadable": _l("This ZIP file could not be read."),
}


def _check_pdf(data: bytes) -> None:
    try:
        pdf_content.check(data)
    except pdf_content.PdfRefused as refusal:
        raise FileRejected(str(_PDF_REFUSALS[refusal.code])) from refusal


def _check_zip(data: bytes) -> None:
    try:
        zip_content.check(data, _check_zip_member)
    except zip_content.ZipRefused as refusal:
        raise FileRejected(str(_ZIP_REFUSALS[refusal.code])) from refusal


def _check_zip_member(name: str, data: bytes) -> None:
    """A member passes the rules of a file on its own; an archive inside the archive does not."""
    if data.startswith(b"PK\x03\x04"):
        raise FileRejected(_("A ZIP file may not contain another ZIP file (%(name)s).", name=name[:100]))
    try:
        sniff(data)
    except FileRejected as refusal:
        raise FileRejected(
            _("In the ZIP file, %(name)s: %(reason)s", name=name[:100], reason=refusal)
        ) from None


def owner(record: CaseFile) -> str:
    return f"case={record.case_id}|file={record.public_id}"


BLOBS = upkeep.Blobs(KIND, "case files", name=lambda record: record.stored_name, owner=owner)


def store(case_id: int, kind: str, data: bytes, name: str | None, keep_days: int | None = None) -> CaseFile:
    """Validate, scan and store the file, and add its row to the session (the caller commits)."""
    if not data:
        raise FileRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRejected(_("The file is larger than 10 MB."))
    content_type, extension = sniff(data)
    scan_status = _scan_before_acceptance(case_id, data)
    record = new_record(case_id, kind, clean_display_name(name, extension), content_type, keep_days)
    record.scan_status = scan_status
    keep(record, [data])
    return record


def new_record(
    case_id: int, kind: str, display_name: str, content_type: str, keep_days: int | None = None
) -> CaseFile:
    """A row for a file about to be kept (``keep`` writes it)."""
    return CaseFile(
        case_id=case_id,
        kind=kind,
        public_id=secrets.token_hex(16),
        stored_name=storage.new_name(),
        display_name=display_name,
        content_type=content_type,
        size=0,
        sha256="",
        expires_at=utcnow() + timedelta(days=keep_days) if keep_days else None,
    )


def keep(record: CaseFile, chunks: Iterable[bytes]) -> CaseFile:
    """Encrypt and store the file's bytes (any number of chunks, e.g. an answer package read from
    its build file), with its size and hash, and add the row to the session."""
    digest, size = hashlib.sha256(), 0

    def counted():
        nonlocal size
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            yield chunk

    record.key_id = storage.write(KIND, record.stored_name, owner(record), counted())
    record.size, record.sha256 = size, digest.hexdigest()
    db.session.add(record)
    return record


def _scan_before_acceptance(case_id: int, data: bytes) -> str:
    """The file's scan status; an infected file is refused with its refusal on the case trail."""

    def refused(signature: str) -> None:
        record_event(db.session.get(Case, case_id), "upload_refused_malware", signature=signature)

    return storage.scan_for_acceptance(data, refused, FileRejected)


def read(record: CaseFile) -> bytes:
    if record.held:
        raise FileHeld(record.public_id)
    return storage.read(KIND, record.stored_name, owner(record), record.key_id)


def rescan_held_files() -> int:
    """Periodic: scan held files again; release the clean ones, delete the infected ones."""

    def infected(record: CaseFile, signature: str) -> None:
        delete(record)
        case = db.session.get(Case, record.case_id)
        record_event(case, "held_file_infected", file=record.public_id, signature=signature)

    def released(record: CaseFile) -> None:
        record_event(db.session.get(Case, record.case_id), "held_file_released", file=record.public_id)

    held = db.session.scalars(
        db.select(CaseFile).where(CaseFile.scan_status == HELD, CaseFile.deleted_at.is_(None))
    ).all()
    return upkeep.rescan_rows(BLOBS, held, infected, released)


def open_for_download(record: CaseFile) -> storage.Reader:
    """A reader of the file, opened in the view for core/downloads.send_tracked (which streams it
    inside the request); FileHeld while it waits for a scan, storage.Unreadable when it is gone or
    fails its integrity check."""
    if record.held:
        raise FileHeld(record.public_id)
    return storage.open(KIND, record.stored_name, owner(record), record.key_id)


def delete(record: CaseFile) -> None:
    """Remove the bytes once this commits; the row stays with its hash as proof of what was sent
    (rules 6.2)."""
    storage.delete_after_commit(KIND, record.stored_name)
    record.deleted_at = utcnow()


def sweep_expired_files() -> int:
    expired = db.session.scalars(
        db.select(CaseFile).where(CaseFile.deleted_at.is_(None), CaseFile.expires_at < utcnow())
    ).all()
    for record in expired:
        delete(record)
    db.session.commit()
    return len(expired)


def _live_files(condition):
    return db.session.scalars(
        db.select(CaseFile).where(CaseFile.deleted_at.is_(None), condition).order_by(CaseFile.id)
    ).all()


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-encrypt case files under an older key (security.md S-04); commits per file."""
    current = upkeep.current_key()
    todo = _live_files(CaseFile.key_id.is_not(None) & (CaseFile.key_id != current))
    return upkeep.reseal_rows(BLOBS, todo, echo)


def encrypt_plain_files(echo=lambda _line: None) -> int:
    """``flask dsar storage migrate``: encrypt in place the files kept in clear before the store."""

    def gone(record: CaseFile) -> None:
        echo(f"case files: {record.public_id} has no file; marked deleted")
        record.deleted_at = utcnow()

    return upkeep.encrypt_plain_rows(BLOBS, _live_files(CaseFile.key_id.is_(None)), echo, gone)


def attachment_headers(record: CaseFile) -> dict[str, str]:
    """RFC 6266 download headers (security.md U-11): never rendered by the browser."""
    return downloads.attachment_headers(record.display_name, record.content_type)
