"""Art. 20(2) direct transmission, the staff side: propose it on a granted portability right, or record
why it is not feasible (the person's and the recipient's pages are in transmission_views.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.service import right_or_404
from dsar.core.access import requires
from dsar.core.attempts import attempt
from dsar.core.db import db
from dsar.letters import transmission
from dsar.letters.forms import RefuseTransmissionForm, TransmissionForm

bp = Blueprint("transmission_staff", __name__, url_prefix="/staff")


def _refusal(error: Exception) -> str | None:
    if isinstance(error, transmission.TransmissionError):
        return _("Not done: %(reason)s", reason=str(error))
    return None


@bp.route("/cases/<reference>/rights/<int:sub_id>/transmission", methods=["POST"])
@requires("cases.work")
def propose(reference: str, sub_id: int):
    sub = right_or_404(reference, sub_id)
    form = TransmissionForm(prefix=f"t{sub.id}")
    record = db.session.scalar(
        select(files.CaseFile).where(
            files.CaseFile.public_id == (form.package.data or ""), files.CaseFile.case_id == sub.case_id
        )
    )
    if not form.validate_on_submit() or record is None:
        flash(_("Check the direct transmission form: a package and a valid address are needed."), "error")
    else:
        attempt(
            lambda: transmission.propose_transmission(
                sub,
                record,
                form.recipient_name.data.strip(),
                form.recipient_email.data.strip(),
                current_user.id,
            ),
            _("The requester was asked to confirm the recipient."),
            explain=_refusal,
        )
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/cases/<reference>/rights/<int:sub_id>/transmission/refuse", methods=["POST"])
@requires("cases.work")
def refuse(reference: str, sub_id: int):
    sub = right_or_404(reference, sub_id)
    form = RefuseTransmissionForm(prefix=f"r{sub.id}")
    if not form.validate_on_submit():
        flash(_("Say why direct transmission is not feasible."), "error")
    else:
        attempt(
            lambda: transmission.refuse_transmission(sub, form.reason.data, current_user.id),
            _("Recorded: direct transmission is not feasible; the answer letter gives the reason."),
            explain=_refusal,
        )
    return redirect(url_for("cases.case_detail", reference=reference))
