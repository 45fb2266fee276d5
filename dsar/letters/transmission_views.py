"""Art. 20(2) direct transmission, the public side: the person confirms the recipient through a signed
link; the recipient downloads through another one (staff propose it in transmission_staff_views.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from dsar.cases import files
from dsar.cases.models import Case
from dsar.cases.service import download_recorder
from dsar.core import storage
from dsar.core.db import db, utcnow
from dsar.core.downloads import send_tracked
from dsar.core.link_pages import LinkProblem, resolve
from dsar.core.links import LinkPurpose
from dsar.core.web import limiter
from dsar.letters import transmission
from dsar.letters.forms import ConfirmTransmissionForm

bp = Blueprint("transmission", __name__)


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
