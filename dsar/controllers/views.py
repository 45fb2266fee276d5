"""The client-controller register (admins), forwarding (staff) and the controller's signed page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from dsar.cases import files
from dsar.cases.models import Case
from dsar.cases.service import case_or_404, require_move
from dsar.controllers import service
from dsar.controllers.forms import (
    INSTRUCTION_LABELS,
    AssignForm,
    ControllerForm,
    ControllerMessageForm,
    InstructionForm,
)
from dsar.controllers.models import ClientController
from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.link_pages import resolve
from dsar.core.links import LinkPurpose
from dsar.core.phrases import not_done
from workflows.errors import WorkflowError
from workflows.states import Move

bp = Blueprint("controllers", __name__)


@bp.route("/staff/controllers")
@requires("controllers.view")
def register():
    return render_template("controllers/register.html", controllers=service.all_controllers())


@bp.route("/staff/controllers/new", methods=["GET", "POST"], defaults={"controller_id": None})
@bp.route("/staff/controllers/<int:controller_id>", methods=["GET", "POST"])
@requires("controllers.edit")
def edit(controller_id: int | None):
    controller = db.session.get(ClientController, controller_id) if controller_id else ClientController()
    if controller is None:
        abort(404)
    form = ControllerForm(obj=controller if request.method == "GET" and controller_id else None)
    if request.method == "GET" and controller_id:
        form.contact_emails.data = "\n".join(controller.contact_emails)
    if form.validate_on_submit():
        form.populate_obj(controller)
        controller.contact_emails = form.contact_emails.cleaned
        db.session.add(controller)
        db.session.commit()
        flash(_("Saved."), "info")
        return redirect(url_for("controllers.register"))
    return render_template("controllers/edit.html", form=form, controller=controller)


def _staff_case(reference: str) -> Case:
    return case_or_404(reference)


@bp.route("/staff/cases/<reference>/controller", methods=["POST"])
@requires("cases.work")
def assign(reference: str):
    case = _staff_case(reference)
    form = AssignForm()
    form.controller_id.choices = [(0, "")] + [(c.id, c.name) for c in service.all_controllers()]
    if form.validate_on_submit():
        chosen = (
            db.session.get(ClientController, form.controller_id.data) if form.controller_id.data else None
        )
        try:
            service.assign_controller(case, chosen, current_user.id)
            db.session.commit()
        except service.ForwardError as refusal:
            db.session.rollback()
            flash(not_done(refusal), "error")
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/staff/cases/<reference>/forward", methods=["POST"])
@requires("cases.work")
def forward(reference: str):
    case = _staff_case(reference)
    if FlaskForm().validate_on_submit():
        try:
            require_move(case, Move.FORWARD, current_user.role)
            service.forward_case(case, current_user.id)
            db.session.commit()
            flash(_("Forwarded to the client controller."), "info")
        except (WorkflowError, service.ForwardError) as refusal:
            db.session.rollback()
            flash(not_done(refusal), "error")
    return redirect(url_for("cases.case_detail", reference=reference))


@bp.route("/controller/<token>", methods=["GET", "POST"])
def forward_page(token: str):
    """The client controller's page: acknowledge, instruct, write. No account needed: the signed,
    expiring, single-purpose link is the credential (rules 2.8)."""
    found = resolve(LinkPurpose.CONTROLLER, token, service.find_forward)
    case = db.session.get(Case, found.case_id)
    # The form shows what was recorded, not the first option (issue 16 item 6).
    recorded = {"instruction": found.instruction or "", "note": found.instruction_note or ""}
    instruction_form = InstructionForm(prefix="i", data=recorded)
    message_form = ControllerMessageForm(prefix="m")
    action = request.form.get("action")
    if request.method == "POST" and action == "acknowledge" and FlaskForm().validate_on_submit():
        service.acknowledge(found, case)
    elif action == "instruct" and instruction_form.validate_on_submit():
        service.record_instruction(found, case, instruction_form.instruction.data, instruction_form.note.data)
    elif action == "message" and message_form.validate_on_submit():
        service.add_controller_message(found, case, message_form.body.data.strip())
    elif action == "upload" and FlaskForm().validate_on_submit() and request.files.get("file"):
        upload = request.files["file"]
        try:
            service.add_controller_file(found, case, upload.read(files.MAX_BYTES + 1), upload.filename)
        except files.FileRejected as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
            return redirect(request.path)
    else:
        # The client controller reads the request: on the trail like any view of a case (rules 6.3).
        audit.record("case.controller_page_viewed", None, case.id, forward=found.id)
        db.session.commit()
        return render_template(
            "controllers/forward_page.html",
            forward=found,
            case=case,
            instruction_form=instruction_form,
            instruction_label=str(INSTRUCTION_LABELS.get(found.instruction, "")),
            message_form=message_form,
        )
    db.session.commit()
    flash(_("Thank you, this is recorded."), "info")
    return redirect(request.path)
