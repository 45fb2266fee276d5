"""The requester downloads the answer package through a signed, expiring link, once the case's
verification level is met; the download is on the case timeline."""

from __future__ import annotations

import logging

from flask import Blueprint
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.models import Case
from dsar.cases.service import download_recorder, identity_confirmed
from dsar.core import storage
from dsar.core.db import db, utcnow
from dsar.core.downloads import send_tracked
from dsar.core.link_pages import LinkProblem, resolve
from dsar.core.links import LinkPurpose

log = logging.getLogger(__name__)
bp = Blueprint("public_files", __name__)


@bp.route("/download/<token>")
def requester_download(token: str):
    """The public download: a readable page when the link or the package has expired."""
    record = resolve(LinkPurpose.DOWNLOAD, token, _answer_package)
    if record.deleted_at or (record.expires_at and record.expires_at < utcnow()):
        raise LinkProblem("expired")
    if record.held:
        raise LinkProblem("invalid")  # not reached: an answer with a held package is not sent
    case = db.session.get(Case, record.case_id)
    if not verified_for_download(case):
        raise LinkProblem("unverified")
    try:
        reader = files.open_for_download(record)
    except storage.Unreadable:
        log.error("answer package %s could not be opened", record.public_id)
        raise LinkProblem("invalid") from None
    return send_tracked(
        reader,
        files.attachment_headers(record),
        download_recorder(case.id, "answer_downloaded", file=record.public_id),
    )


def _answer_package(public_id: str) -> files.CaseFile | None:
    record = db.session.scalar(select(files.CaseFile).where(files.CaseFile.public_id == public_id))
    return record if record is not None and record.kind == "answer_package" else None


def verified_for_download(case: Case) -> bool:
    """The package sits behind the case's verification level (rules 5.2): the e-mail address was
    confirmed where the level asks for it, and no doubt about identity is open."""
    email_needed = case.channel == "web" and case.verification_level >= 2
    if email_needed and case.email_confirmed_at is None:
        return False
    # An answer that the identity could not be confirmed discloses no data (rules 5.5): its
    # Art. 12(4) letter is the whole package, and the person must be able to read it.
    if all(sub.outcome == "identity_not_confirmed" for sub in case.sub_requests):
        return True
    return identity_confirmed(case)
