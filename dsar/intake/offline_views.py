"""Staff register a request that reached the organisation through another channel (letter, phone,
e-mail, in person) under /staff/cases/new."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dsar.cases.service import record_event
from dsar.core.access import requires
from dsar.core.db import db
from dsar.intake.offline import OfflineRequestForm, is_backdated, new_request
from dsar.intake.service import submit_request

bp = Blueprint("offline", __name__, url_prefix="/staff")


@bp.route("/cases/new", methods=["GET", "POST"])
@requires("cases.register_request")
def register_request():
    form = OfflineRequestForm()
    form.controller.choices = [("", "")]
    if form.validate_on_submit():
        received_at = form.received_at()
        request = new_request(form, form.language.data, received_at, form.channel.data)
        case = submit_request(request, actor_id=current_user.id)
        if is_backdated(received_at):
            case.backdate_reason = form.backdate_reason.data.strip()
            record_event(case, "backdated", current_user.id, received_at=received_at.isoformat())
        db.session.commit()
        flash(_("Registered as %(reference)s.", reference=case.reference), "info")
        return redirect(url_for("cases.case_detail", reference=case.reference))
    return render_template("intake/offline.html", form=form), 400 if form.errors else 200
