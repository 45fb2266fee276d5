"""Staff pages of the mailbox: the queue of incoming mail, one mail, and what staff do with it.
Thin: load, check access, call an operation, commit once, render."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from dsar.cases import service as cases
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.downloads import send_tracked
from dsar.core.time import brussels
from dsar.intake.offline import is_backdated
from dsar.mailbox import service, store
from dsar.mailbox.forms import DismissForm, JoinForm, RegisterFromMailForm
from dsar.mailbox.models import IncomingMail

bp = Blueprint("mailbox", __name__, url_prefix="/staff/mailbox")


PROBLEM_LABELS = {
    "too_large": _l("The message is larger than the portal takes in; read it in the mailbox itself."),
    "too_many_attachments": _l("More attachments than the portal unpacks; all are in the original message."),
    "nested_too_deep": _l("Parts nested too deep to unpack; they are in the original message."),
    "malformed": _l("The message is not well-formed; what could be read is shown."),
    "unknown_charset": _l("Text in an unknown character set; some characters may be replaced."),
    "html_only": _l("The message had only an HTML body; it is shown as plain text."),
    "text_truncated": _l(
        "The text is very long; the beginning is shown, all of it is in the original message."
    ),
    "infected": _l("The malware scanner found something: the message was not kept, it stays in the mailbox."),
    "reply_to_differs": _l("The Reply-To differs from the sender: answers go to the sender's address only."),
}


STATUS_LABELS = {
    "waiting": _l("Waiting for triage"),
    "registered": _l("Registered as a new case"),
    "joined": _l("Added to a case"),
    "not_request": _l("Not a request"),
}


def problem_label(code: str) -> str:
    return str(PROBLEM_LABELS.get(code, code))


def _mail_or_404(mail_id: int) -> IncomingMail:
    return db.get_or_404(IncomingMail, mail_id)


@bp.route("/")
@requires("staff.read")
def queue():
    return render_template("mailbox/queue.html", status=service.queue_status(), mails=service.waiting_mail())


@bp.route("/<int:mail_id>")
@requires("staff.read")
def mail(mail_id: int):
    item = _mail_or_404(mail_id)
    audit.record("mailbox.viewed", current_user.id, item.case_id, mail=item.id)
    db.session.commit()
    return _render_mail(item)


def _render_mail(item: IncomingMail, join_form=None, dismiss_form=None, status: int = 200):
    return render_template(
        "mailbox/mail.html",
        mail=item,
        problems=[problem_label(code) for code in item.problems],
        status_label=str(STATUS_LABELS.get(item.status, item.status)),
        suggested=service.suggested_case(item) if item.status == "waiting" else None,
        case_reference=cases.find_by_id(item.case_id).reference if item.case_id else None,
        join_form=join_form or JoinForm(),
        dismiss_form=dismiss_form or DismissForm(),
    ), status


@bp.route("/<int:mail_id>/register", methods=["GET", "POST"])
@requires("cases.work")
def register(mail_id: int):
    item = _mail_or_404(mail_id)
    if item.status != "waiting":
        flash(_("This mail was already handled."), "error")
        return redirect(url_for("mailbox.mail", mail_id=item.id))
    form = RegisterFromMailForm(item.received_at)
    form.controller.choices = [("", "")]
    if not form.is_submitted():
        prefill(form, item)
    elif form.validate():
        received_at = form.received_at()
        reason = form.backdate_reason.data.strip() if is_backdated(received_at) else ""
        case = service.register_case(item, form.new_request(), current_user.id, reason)
        db.session.commit()
        flash(_("Registered as %(reference)s.", reference=case.reference), "info")
        return redirect(url_for("cases.case_detail", reference=case.reference))
    return render_template("mailbox/register.html", form=form, mail=item), 400 if form.errors else 200


def prefill(form: RegisterFromMailForm, item: IncomingMail) -> None:
    """Everything the mail tells us: its arrival (INTERNALDATE, rules 3.2), sender, language, the
    suggested rights and identifiers. Staff check it and press one button."""
    form.channel.data = "email"
    form.received_local.data = brussels(item.received_at).replace(tzinfo=None, second=0, microsecond=0)
    form.backdate_reason.data = _("Received by e-mail; registered from the mailbox.")
    form.language.data = item.language
    form.rights.data = list(item.suggested_rights)
    form.name.data = item.from_name or item.from_address
    form.email.data = item.from_address
    numbers = item.identifiers.get("customer_numbers") or []
    form.customer_reference.data = numbers[0] if numbers else ""
    form.access_scope.data = item.subject


@bp.route("/<int:mail_id>/join", methods=["POST"])
@requires("cases.work")
def join(mail_id: int):
    item = _mail_or_404(mail_id)
    form = JoinForm()
    if not form.validate_on_submit():
        return _render_mail(item, join_form=form, status=400)
    case = cases.find_by_reference(form.reference.data.strip().upper())
    if case is None:
        form.reference.errors = [_("There is no case with this reference.")]
        return _render_mail(item, join_form=form, status=400)
    try:
        answered = service.join_case(item, case, current_user.id)
    except service.MailSettled:
        flash(_("This mail was already handled."), "error")
        return redirect(url_for("mailbox.mail", mail_id=item.id))
    db.session.commit()
    flash(_("Added to %(reference)s.", reference=case.reference), "info")
    if answered:
        flash(_("It answers the open question: the clock resumes from the day the mail arrived."), "info")
    return redirect(url_for("cases.case_detail", reference=case.reference))


@bp.route("/<int:mail_id>/dismiss", methods=["POST"])
@requires("cases.work")
def dismiss(mail_id: int):
    item = _mail_or_404(mail_id)
    form = DismissForm()
    if not form.validate_on_submit():
        return _render_mail(item, dismiss_form=form, status=400)
    try:
        service.dismiss(item, current_user.id, form.reason.data.strip())
    except service.MailSettled:
        flash(_("This mail was already handled."), "error")
        return redirect(url_for("mailbox.mail", mail_id=item.id))
    db.session.commit()
    flash(_("Set aside as not a request."), "info")
    return redirect(url_for("mailbox.queue"))


@bp.route("/<int:mail_id>/original")
@requires("files.read")
def original(mail_id: int):
    """The whole message as received, as a file: never rendered by the browser."""
    item = _mail_or_404(mail_id)
    return _download(item, lambda: store.open_raw(item), f"mail-{item.id}.eml", "message/rfc822")


@bp.route("/<int:mail_id>/files/<public_id>")
@requires("files.read")
def attachment(mail_id: int, public_id: str):
    item = _mail_or_404(mail_id)
    part = next((part for part in item.parts if part.public_id == public_id), None)
    if part is None:
        abort(404)
    return _download(item, lambda: store.open_part(item, part), part.display_name, part.content_type)


def _download(item: IncomingMail, opener, name: str, content_type: str):
    try:
        reader = opener()
    except store.MailUnavailable:
        abort(409, _("This file is not available: it waits for a malware scan or stayed on the mail server."))
    audit.record("mailbox.downloaded", current_user.id, item.case_id, mail=item.id)
    db.session.commit()
    # Streamed from the store inside the request; the download is on the trail already.
    return send_tracked(reader, store.download_headers(name, content_type), lambda _complete, _sent: None)
