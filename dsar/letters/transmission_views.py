"""Art. 20(2) direct transmission: staff propose or refuse it on a portability right; the person
confirms the recipient through a signed link; the recipient downloads through another one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.models import Case, SubRequest
from dsar.cases.service import case_or_404, download_recorder
from dsar.core import storage
from dsar.core.access import requires
from dsar.core.db import db, utcnow
from dsar.core.downloads import send_tracked
from dsar.core.link_pages import LinkProblem, resolve
from dsar.core.links import LinkPurpose
from dsar.core.web import limiter
from dsar.letters import transmission
from dsar.letters.forms import ConfirmTransmissionForm, RefuseTransmissionForm, TransmissionForm
from dsar.letters.views import bp as staff_bp

bp = Blueprint("transmission", __name__)


def _sub(reference: str, sub_id: int) -> SubRequest:
    case = case_or_404(reference)
    sub = db.session.get(SubRequest, sub_id)
    if sub is None or sub.case_id != case.id:  # no reaching another case's right through this one
        abort(404)
    return sub


def _attempt(operation, done: str) -> None:
    try:
        operation()
    except transmission.TransmissionError as refusal:
        db.session.rollback()
        flash(_("Not done: %(reason)s", reason=str(refusal)), "error")
        return
    db.session.commit()
    flash(done, "info")


@staff_bp.route("/cases/<reference>/rights/<int:sub_id>/transmission", methods=["POST"])
@requires("cases.work")
def propose(reference: str, sub_id: int):
    sub = _sub(reference, sub_id)
    form = TransmissionForm(prefix=f"t{sub.id}")
    record = db.session.scalar(
        select(files.CaseFile).where(
            files.CaseFile.public_id == (form.package.data or ""), files.CaseFile.case_id == sub.case_id
        )
    )
    if not form.validate_on_submit() or record is None:
        flash(_("Check the direct transmission form: a package and a valid address are needed."), "error")
    else:
        _attempt(
            lambda: transmission.propose_transmission(
                sub,
                record,
                form.recipient_name.data.strip(),
                form.recipient_email.data.strip(),
                current_user.id,
            ),
            _("The requester was asked to confirm the recipient."),
        )
    return redirect(url_for("cases.case_detail", reference=reference))


@staff_bp.route("/cases/<reference>/rights/<int:sub_id>/transmission/refuse", methods=["POST"])
@requires("cases.work")
def refuse(reference: str, sub_id: int):
    sub = _sub(reference, sub_id)
    form = RefuseTransmissionForm(prefix=f"r{sub.id}")
    if not form.validate_on_submit():
        flash(_("Say why direct transmission is not feasible."), "error")
    else:
        _attempt(
            lambda: transmission.refuse_transmission(sub, form.reason.data, current_user.id),
            _("Recorded: direct transmission is not feasible; the answer letter gives the reason."),
        )
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/transmission/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_SUBMIT"], methods=["POST"])
def confirm(token: str):
    """The person confirms, from their own verified mailbox, where their data may go."""
    found = resolve(LinkPurpose.TRANSMISSION_CONFIRM, token, transmission.find)
    form = ConfirmTransmissionForm()
    error = None
    if found.status == "awaiting_confirmation" and form.validate_on_submit():
        try:
            transmission.confirm_transmission(found)
        except transmission.TransmissionError:
            db.session.rollback()
            error = _("The data can no longer be sent. Please contact us.")
        else:
            db.session.commit()
    case = db.session.get(Case, found.case_id)
    return render_template(
        "letters/transmission_confirm.html", transmission=found, case=case, form=form, error=error
    )


@bp.route("/transmission/<token>")
def download(token: str):
    """The receiving controller downloads the package: signed, expiring, on the case timeline."""
    found = resolve(LinkPurpose.TRANSMISSION, token, transmission.find)
    record = db.session.get(files.CaseFile, found.case_file_id) if found.case_file_id else None
    if found.status != "sent" or record is None:
        raise LinkProblem("invalid")
    if record.deleted_at or (record.expires_at and record.expires_at < utcnow()):
        raise LinkProblem("expired")
    recorder = download_recorder(
        found.case_id, "transmission_downloaded", transmission=found.public_id, file=record.public_id
    )
    try:
        reader = files.open_for_download(record)
    except storage.Unreadable:
        raise LinkProblem("invalid") from None
    return send_tracked(reader, files.attachment_headers(record), recorder)
