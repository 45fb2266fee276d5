"""Files kept on a case: what a client controller sends, and the answer package for the requester.

Decided by content, never by name or Content-Type (security.md U-03): a PDF without active content
(U-08), a ZIP within entry, size, ratio and name limits whose members pass the same rules (U-05), or
UTF-8 text (CSV, JSON) that is no HTML, SVG or XML. Stored under a random name outside any web root
with owner-only permissions (U-09, U-10), served only through views that check access, as an
attachment (U-11). Scanned for malware before acceptance (U-12): infected files are refused, and a
file the scanner could not check is held, never served, until a later scan passes."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core import pdf_content, scanning, zip_content
from dsar.core.db import UTCDateTime, db, utcnow

MAX_BYTES = 10 * 1024 * 1024
KINDS = ("controller_upload", "answer_package")


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

    @property
    def held(self) -> bool:
        return self.scan_status == HELD


HELD = "held"


def sniff(data: bytes) -> tuple[str, str]:
    """(content type, extension) from the bytes themselves, or FileRejected. The content is checked
    too: a PDF without active content, a ZIP that is no bomb and whose members pass these same
    rules, text that no browser would take for a page (U-03, U-05, U-08)."""
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return "application/pdf", "pdf"
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
        return "application/zip", "zip"
    if b"\x00" not in data:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if looks_like_markup(text):
                raise FileRejected(_("HTML, SVG or XML files are not accepted; send PDF, CSV or JSON."))
            return (
                ("application/json", "json") if text.lstrip().startswith(("{", "[")) else ("text/csv", "csv")
            )
    raise FileRejected(_("Only PDF, ZIP, CSV or JSON files are accepted."))


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


def clean_display_name(name: str | None, extension: str) -> str:
    """A name to show and to offer on download: no path, no control characters, bounded length."""
    base = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '/\\"').strip(" .")
    stem = base.rsplit(".", 1)[0][:80] or "file"
    return f"{stem}.{extension}"


def storage_dir() -> Path:
    path = Path(current_app.config["UPLOAD_DIR"]) / "case-files"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store(case_id: int, kind: str, data: bytes, name: str | None, keep_days: int | None = None) -> CaseFile:
    """Validate and write the file, and add its row to the session (the caller commits)."""
    if not data:
        raise FileRejected(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRejected(_("The file is larger than 10 MB."))
    content_type, extension = sniff(data)
    scan_status = _scan_before_acceptance(case_id, data)
    stored_name = secrets.token_hex(16)
    path = storage_dir() / stored_name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    record = CaseFile(
        case_id=case_id,
        kind=kind,
        public_id=secrets.token_hex(16),
        stored_name=stored_name,
        display_name=clean_display_name(name, extension),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        expires_at=utcnow() + timedelta(days=keep_days) if keep_days else None,
        scan_status=scan_status,
    )
    db.session.add(record)
    return record


def _scan_before_acceptance(case_id: int, data: bytes) -> str:
    """The file's scan status; an infected file is refused with its refusal on the case trail."""
    result = scanning.scan(data)
    if result.verdict == scanning.Verdict.INFECTED:
        from dsar.cases.models import Case
        from dsar.cases.service import record_event

        # Committed on its own: the caller rolls back on FileRejected, the audit entry must stay.
        record_event(db.session.get(Case, case_id), "upload_refused_malware", signature=result.signature)
        db.session.commit()
        raise FileRejected(
            _("The file was refused: our malware scanner found %(name)s in it.", name=result.signature)
        )
    return HELD if result.verdict == scanning.Verdict.UNAVAILABLE else result.verdict.value


def read(record: CaseFile) -> bytes:
    if record.held:
        raise FileHeld(record.public_id)
    return (storage_dir() / record.stored_name).read_bytes()


def rescan_held_files() -> int:
    """Periodic: scan held files again; release the clean ones, delete the infected ones."""
    from dsar.cases.models import Case
    from dsar.cases.service import record_event

    released = 0
    held = db.session.scalars(
        db.select(CaseFile).where(CaseFile.scan_status == HELD, CaseFile.deleted_at.is_(None))
    ).all()
    for record in held:
        result = scanning.scan((storage_dir() / record.stored_name).read_bytes())
        if result.verdict == scanning.Verdict.UNAVAILABLE:
            continue
        case = db.session.get(Case, record.case_id)
        if result.verdict == scanning.Verdict.INFECTED:
            delete(record)
            record_event(case, "held_file_infected", file=record.public_id, signature=result.signature)
        else:
            record.scan_status = result.verdict.value
            record_event(case, "held_file_released", file=record.public_id)
            released += 1
        db.session.commit()
    return released


def path_for_download(record: CaseFile) -> Path:
    """Where the bytes are, for a download resolved inside the request (core/downloads.py)."""
    if record.held:
        raise FileHeld(record.public_id)
    return storage_dir() / record.stored_name


def delete(record: CaseFile) -> None:
    """Remove the bytes; the row stays with its hash as proof of what was sent (rules 6.2)."""
    (storage_dir() / record.stored_name).unlink(missing_ok=True)
    record.deleted_at = utcnow()


def sweep_expired_files() -> int:
    expired = db.session.scalars(
        db.select(CaseFile).where(CaseFile.deleted_at.is_(None), CaseFile.expires_at < utcnow())
    ).all()
    for record in expired:
        delete(record)
    db.session.commit()
    return len(expired)


def attachment_headers(record: CaseFile) -> dict[str, str]:
    """RFC 6266 download headers (security.md U-11): never rendered by the browser."""
    return {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(record.display_name)}",
        "Content-Type": record.content_type,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "no-store",
    }
