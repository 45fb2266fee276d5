"""Routes of the case file's internal side. Thin: load, check role and object, call one operation,
commit once, go back to the case. Roles are checked on the server for every route (security.md
Z-01); objects are looked up through their case, so another case's id gives 404 (Z-02)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from dsar.cases.forms import ActionForm
from dsar.cases.models import Case
from dsar.cases.service import case_or_404, download_recorder, right_of
from dsar.casework import approvals, attachments, checklists, fees, forms, notes, timesheet, verification
from dsar.casework.models import Art125Approval, CaseAttachment, DataSystem
from dsar.controllers import service as controllers_service
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.attempts import attempt
from dsar.core.db import db
from dsar.core.downloads import send_tracked
from dsar.core.time import brussels_today

bp = Blueprint("casework", __name__, url_prefix="/staff")

ERRORS = {
    "empty": lambda: _("Write the note first."),
    "too_long": lambda: _("The note is too long."),
    "activity": lambda: _("Say what was done."),
    "minutes": lambda: _("Minutes must be between 1 and 1440."),
    "future": lambda: _("A date in the future is not possible."),
    "kind": lambda: _("Choose an option."),
    "recipient": lambda: _("Name the recipient."),
    "when_how": lambda: _("Say when and how the recipient was notified."),
    "reason": lambda: _("Give the reason."),
    "note": lambda: _("Write a note."),
    "status": lambda: _("Choose an option."),
    "name_owner": lambda: _("Give the system's name and owner."),
    "duplicate": lambda: _("That system is already listed."),
    "justification": lambda: _("Write the justification."),
    "fee": lambda: _("Give the fee in euro, for example 25.00."),
    "decided": lambda: _("This right is already decided."),
    "processor": lambda: _("In the processor role the client controller decides on the request."),
    "pending": lambda: _("A proposal for this right is already waiting for the DPO."),
    "dpo_only": lambda: _("Only a DPO approves or rejects."),
    "own_proposal": lambda: _("A DPO does not approve their own proposal: another DPO decides."),
    "already_decided": lambda: _("This proposal was already decided."),
    "channel": lambda: _("A web request is confirmed through the link sent to the requester."),
}


def _back(case: Case, anchor: str = ""):
    return redirect(url_for("cases.case_detail", reference=case.reference) + anchor)


def _attempt(operation, done: str | None = None) -> bool:
    """Run one operation and commit, or roll back and show why not (the rules' or ours)."""
    return attempt(operation, done, explain=_refusal)


def _refusal(error: Exception) -> str | None:
    if isinstance(error, attachments.AttachmentRejected):
        return str(error)
    if isinstance(error, ValueError):  # NoteError, TimeError, ChecklistError, ApprovalError, ConfirmError
        message = ERRORS.get(str(error))
        return message() if message else _("Check the form.")
    return None


def _invalid(form) -> bool:
    if form.validate_on_submit():
        return False
    flash(_("Check the form."), "error")
    for message in form.error_messages():
        flash(message, "error")
    return True


@bp.route("/cases/<reference>/notes", methods=["POST"])
@requires("cases.work")
def add_note(reference: str):
    case, form = case_or_404(reference), forms.NoteForm()
    if not _invalid(form):
        _attempt(lambda: notes.add_note(case, current_user.id, form.body.data))
    return _back(case, "#notes")


@bp.route("/cases/<reference>/time", methods=["POST"])
@requires("cases.work")
def log_time(reference: str):
    case, form = case_or_404(reference), forms.TimeForm()
    if not _invalid(form):
        _attempt(
            lambda: timesheet.log_time(
                case, current_user.id, form.worked_on.data, form.minutes.data, form.activity.data
            )
        )
    return _back(case, "#time")


@bp.route("/cases/<reference>/attachments", methods=["POST"])
@requires("cases.work")
def upload_attachment(reference: str):
    case, upload = case_or_404(reference), request.files.get("attachment")
    if ActionForm().validate_on_submit() and upload is not None and upload.filename:
        data = upload.read(attachments.MAX_BYTES + 1)
        _attempt(lambda: attachments.add_attachment(case, data, upload.filename, current_user.id))
    else:
        flash(_("Choose a file."), "error")
    return _back(case, "#attachments")


@bp.route("/cases/<reference>/attachments/<public_id>")
@requires("files.read")  # auditors see that a file exists, never its content (security.md Z-03)
def download_attachment(reference: str, public_id: str):
    case = case_or_404(reference)
    attachment = db.first_or_404(
        select(CaseAttachment).where(CaseAttachment.public_id == public_id, CaseAttachment.case_id == case.id)
    )
    try:
        reader = attachments.open_attachment(case, attachment, current_user.id)
    except attachments.AttachmentUnreadable:
        db.session.commit()  # the integrity failure stays on the trail
        abort(409)
    recorder = download_recorder(
        case.id, "attachment_downloaded", current_user.id, attachment=attachment.public_id
    )
    return send_tracked(reader, attachments.download_headers(attachment), recorder)


@bp.route("/cases/<reference>/rights/<int:sub_id>/recipients", methods=["POST"])
@requires("cases.work")
def record_recipient(reference: str, sub_id: int):
    case = case_or_404(reference)
    sub, form = right_of(case, sub_id), forms.RecipientForm(prefix=f"r{sub_id}")
    if not _invalid(form):
        _attempt(
            lambda: checklists.record_recipient(
                sub,
                current_user.id,
                form.kind.data,
                recipient=form.recipient.data,
                notified_on=form.notified_on.data,
                channel=form.channel.data,
                reason=form.reason.data,
            )
        )
    return _back(case, f"#sub-{sub.id}")


@bp.route("/cases/<reference>/rights/<int:sub_id>/systems/<int:system_id>", methods=["POST"])
@requires("cases.work")
def tick_system(reference: str, sub_id: int, system_id: int):
    case = case_or_404(reference)
    sub, form = right_of(case, sub_id), forms.SystemTickForm(prefix=f"s{sub_id}")
    system = db.session.get(DataSystem, system_id)
    if system is None or not system.active:
        abort(404)
    if _invalid(form):
        return _back(case, f"#sub-{sub.id}")
    upload = request.files.get(f"s{sub_id}-evidence")

    def tick():
        evidence = None
        if upload is not None and upload.filename:
            evidence = attachments.add_attachment(
                case, upload.read(attachments.MAX_BYTES + 1), upload.filename, current_user.id
            )
        checklists.tick_system(sub, system, current_user.id, form.status.data, form.note.data, evidence)

    _attempt(tick)
    return _back(case, f"#sub-{sub.id}")


@bp.route("/cases/<reference>/rights/<int:sub_id>/art12-5", methods=["POST"])
@requires("cases.work")
def propose_art12_5(reference: str, sub_id: int):
    case = case_or_404(reference)
    sub, form = right_of(case, sub_id), forms.ProposalForm(prefix=f"p{sub_id}")
    if not _invalid(form):
        _attempt(
            lambda: approvals.propose(
                sub, current_user.id, form.kind.data, form.justification.data, form.fee.data
            ),
            _("Proposed; a DPO other than you approves or rejects it."),
        )
    return _back(case, f"#sub-{sub.id}")


@bp.route("/cases/<reference>/art12-5/<int:approval_id>/<any(approve, reject):verdict>", methods=["POST"])
@requires("casework.approve_art125")
def decide_art12_5(reference: str, approval_id: int, verdict: str):
    case = case_or_404(reference)
    approval = db.session.get(Art125Approval, approval_id) or abort(404)
    sub = right_of(case, approval.sub_request_id)
    form = forms.ApprovalDecisionForm(prefix=f"a{sub.id}")
    if not _invalid(form):

        def decide():
            approve = verdict == "approve"
            approvals.decide(approval, current_user.id, current_user.role, approve, form.note.data)
            fees.notify_fee(approval, current_user.id)  # an approved fee is announced first (rules C2)

        _attempt(decide)
    return _back(case, f"#sub-{sub.id}")


@bp.route(
    "/cases/<reference>/fees/<int:approval_id>/<any(paid, withdrawn, waived):settle_as>", methods=["POST"]
)
@requires("cases.work")
def settle_fee(reference: str, approval_id: int, settle_as: str):
    """Record that the announced fee was paid, that the requester withdrew, or that it is waived."""
    case = case_or_404(reference)
    approval = db.session.get(Art125Approval, approval_id) or abort(404)
    sub = right_of(case, approval.sub_request_id)
    if ActionForm().validate_on_submit():
        done = {
            "paid": _("The fee is recorded as paid."),
            "withdrawn": _("Recorded: the requester withdrew the request after the fee notice."),
            "waived": _("The fee is waived: the right is handled free of charge."),
        }[settle_as]
        _attempt(lambda: fees.settle_fee(approval, current_user.id, settle_as), done)
    return _back(case, f"#sub-{sub.id}")


@bp.route("/cases/<reference>/confirm-identity", methods=["POST"])
@requires("cases.work")
def confirm_identity(reference: str):
    case, form = case_or_404(reference), forms.ConfirmIdentityForm()
    if not _invalid(form):
        _attempt(
            lambda: verification.confirm_identity(case, current_user.id, current_user.role, form.reason.data),
            _("Identity confirmed."),
        )
    return _back(case)


@bp.route("/systems", methods=["GET", "POST"])
@requires("systems.edit")
def systems():
    form = forms.SystemForm()
    if form.validate_on_submit() and _attempt(
        lambda: checklists.add_system(form.name.data, form.owner.data, current_user.id)
    ):
        return redirect(url_for("casework.systems"))
    listed = db.session.scalars(select(DataSystem).order_by(DataSystem.name)).all()
    return render_template("casework/systems.html", form=form, systems=listed, action=ActionForm())


@bp.route("/systems/<int:system_id>/<any(retire, activate):change>", methods=["POST"])
@requires("systems.edit")
def change_system(system_id: int, change: str):
    system = db.session.get(DataSystem, system_id) or abort(404)
    if ActionForm().validate_on_submit():
        _attempt(lambda: checklists.set_system_active(system, change == "activate", current_user.id))
    return redirect(url_for("casework.systems"))


def _report_args():
    """(form, controller, first day of month) from the query string, or None for each missing."""
    form = forms.ReportForm(request.args)
    form.controller.choices = controllers_service.controller_names()
    month = None
    try:
        year, number = (int(part) for part in (form.month.data or "").split("-"))
        month = date(year, number, 1)
    except ValueError:
        pass
    controller = controllers_service.find_controller(form.controller.data) if form.controller.data else None
    return form, controller, month


def _report(controller, month: date) -> timesheet.MonthReport:
    rate = Decimal(str(current_app.config["ASSISTANCE_HOURLY_RATE"]))
    return timesheet.month_report(controller.id, month, rate)


@bp.route("/time-report")
@requires("reports.read")
def time_report():
    form, controller, month = _report_args()
    if not form.month.data:
        form.month.data = brussels_today().strftime("%Y-%m")
    report = _report(controller, month) if controller and month else None
    if request.args and report is None:
        flash(_("Choose a client controller and a month as YYYY-MM."), "error")
    return render_template("casework/time_report.html", form=form, report=report, controller=controller)


@bp.route("/time-report.csv")
@requires("reports.read")
def time_report_csv():
    _form, controller, month = _report_args()
    if controller is None or month is None:
        abort(400)
    report = _report(controller, month)
    audit.record(
        "time_report.exported", current_user.id, controller_id=controller.id, month=month.isoformat()
    )
    db.session.commit()
    filename = f"assistance-{controller.id}-{month.strftime('%Y-%m')}.csv"
    return Response(
        timesheet.report_csv(report, controller.name),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f"attachment; filename={filename}",
            "Cache-Control": "no-store",
        },
    )
