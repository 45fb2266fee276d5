"""Staff attach the answer package and read the files on a case (the requester's download is in
public_file_views.py). Every download is on the case timeline."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.service import case_or_404, download_recorder, record_event
from dsar.core import storage
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.downloads import send_tracked

log = logging.getLogger(__name__)
bp = Blueprint("case_files", __name__, url_prefix="/staff")


@bp.route("/cases/<reference>/answer-package", methods=["POST"])
@requires("cases.work")
def attach_answer_package(reference: str):
    case = case_or_404(reference)
    upload = request.files.get("package")
    if FlaskForm().validate_on_submit() and upload is not None:
        try:
            record = files.store(
                case.id,
                "answer_package",
                upload.read(files.MAX_BYTES + 1),
                upload.filename,
                keep_days=current_app.config["DOWNLOAD_LINK_DAYS"],
            )
            record_event(
                case, "answer_package_attached", current_user.id, file=record.public_id, sha256=record.sha256
            )
            db.session.commit()
        except files.FileRejected as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/cases/<reference>/files/<public_id>")
@requires("files.read")  # auditors see that a file exists, never its content (Z-03)
def staff_download(reference: str, public_id: str):
    case = case_or_404(reference)
    record = db.session.scalar(
        select(files.CaseFile).where(files.CaseFile.public_id == public_id, files.CaseFile.case_id == case.id)
    )
    if record is None or record.deleted_at:
        abort(404)
    if record.held:
        flash(_("This file is held until the malware scanner has checked it."), "error")
        return redirect(url_for("cases.case_detail", reference=reference))
    try:
        reader = files.open_for_download(record)
    except storage.Unreadable:  # gone, or fails its integrity check (security.md S-02)
        log.error("case file %s could not be opened", record.public_id)
        abort(409)
    return send_tracked(
        reader,
        files.attachment_headers(record),
        download_recorder(case.id, "file_viewed", current_user.id, file=record.public_id),
    )
