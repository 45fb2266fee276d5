"""The local outbox: staff read mails that were not sent by SMTP, and see pending or failed ones."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from dsar.core import audit, mail
from dsar.core.access import requires
from dsar.core.db import db

bp = Blueprint("outbox", __name__, url_prefix="/staff/outbox")


@bp.route("/")
@login_required
def outbox():
    messages = db.session.scalars(
        select(mail.OutboxMessage).order_by(mail.OutboxMessage.id.desc()).limit(200)
    ).all()
    return render_template("core/outbox.html", messages=messages, form=FlaskForm())


@bp.route("/<int:message_id>")
@login_required
def message(message_id: int):
    found = db.session.get(mail.OutboxMessage, message_id) or abort(404)
    # A mail body is correspondence of the case: reading it is on the trail (rules 6.3 item 12).
    audit.record("mail.viewed", current_user.id, found.case_id, message=found.id)
    db.session.commit()
    return render_template(
        "core/outbox_message.html", message=found, body=mail.staff_text(found), form=FlaskForm()
    )


@bp.route("/<int:message_id>/resend", methods=["POST"])
@requires("cases.work")
def resend(message_id: int):
    if db.session.get(mail.OutboxMessage, message_id) is None:
        abort(404)
    mail.resend(message_id)
    db.session.commit()
    flash(_("The message is queued again."), "info")
    return redirect(url_for("outbox.message", message_id=message_id))
