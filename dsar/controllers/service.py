"""Operations on client controllers and forwards. They change the session and never commit."""

from __future__ import annotations

import uuid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from dsar.cases import files
from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.controllers.models import INSTRUCTIONS, ClientController, Forward, ForwardMessage
from dsar.core.db import db, utcnow
from dsar.core.links import LinkPurpose, signed_url
from dsar.core.mail import queue_mail
from workflows.deadlines import Calendar, forward_due
from workflows.states import CaseState


class ForwardError(ValueError):
    """A forwarding step that cannot be taken; the message says why."""


def listed_controllers() -> list[ClientController]:
    """Clients a requester may pick on the public form (only those an admin listed)."""
    query = select(ClientController).where(ClientController.active, ClientController.listed_on_form)
    return list(db.session.scalars(query.order_by(ClientController.name)))


def all_controllers() -> list[ClientController]:
    return list(db.session.scalars(select(ClientController).order_by(ClientController.name)))


def controller_names() -> list[tuple[int, str]]:
    """(id, name) of every client controller by name: filters and the register need no more."""
    query = select(ClientController.id, ClientController.name).order_by(ClientController.name)
    return [(row.id, row.name) for row in db.session.execute(query)]


def assign_controller(case: Case, controller: ClientController | None, actor_id: int | None = None) -> None:
    """Make the case a processor case for ``controller`` (or a controller case again, with None)."""
    if case.forwarded_at is not None:
        raise ForwardError(_("The request was already forwarded; it can no longer be reassigned."))
    case.client_controller_id = controller.id if controller else None
    case.role = "processor" if controller else "controller"
    case.forward_by = forward_by_for(case, controller) if controller else None
    record_event(case, "controller_assigned", actor_id, controller_id=controller.id if controller else None)


def forward_by_for(case: Case, controller: ClientController):
    """Rules 3.5 with the working days and holiday calendar agreed with this client."""
    cal = Calendar.for_country(controller.holiday_country)
    return forward_due(case.received_at, cal, controller.forward_working_days)


def forward_case(case: Case, actor_id: int | None) -> Forward:
    """Send the request to the client controller (rules P1-P3): full request, channel and receipt
    time, a signed single-purpose link to answer, never an ID copy."""
    controller = db.session.get(ClientController, case.client_controller_id)
    if controller is None or not controller.contact_emails:
        raise ForwardError(_("The client controller has no contact address; add one in the register."))
    forward = Forward(public_id=uuid.uuid4().hex, case_id=case.id, controller=controller, sent_by_id=actor_id)
    db.session.add(forward)
    db.session.flush()
    case.forwarded_at = forward.sent_at
    case.state = CaseState.FORWARDED
    link = controller_url(forward)
    for address in controller.contact_emails:
        queue_mail(
            address,
            "controller_forward",
            controller.language,
            case_id=case.id,
            case=case,
            controller=controller,
            link=link,
            **_organisation(),
        )
    if controller.may_tell_subject:
        queue_mail(
            case.requester_email,
            "forwarded_notice",
            case.language,
            case_id=case.id,
            case=case,
            controller=controller,
            **_organisation(),
        )
    record_event(
        case, "forwarded", actor_id, controller_id=controller.id, told_subject=controller.may_tell_subject
    )
    return forward


def controller_url(forward: Forward) -> str:
    return signed_url("controllers.forward_page", LinkPurpose.CONTROLLER, forward.public_id)


def latest_forward(case: Case) -> Forward | None:
    return db.session.scalar(
        select(Forward).where(Forward.case_id == case.id).order_by(Forward.id.desc()).limit(1)
    )


def find_forward(public_id: str) -> Forward | None:
    return db.session.scalar(select(Forward).where(Forward.public_id == public_id))


def acknowledge(forward: Forward, case: Case) -> bool:
    """The controller confirms receipt; idempotent."""
    if forward.acknowledged_at:
        return False
    forward.acknowledged_at = case.controller_acknowledged_at = utcnow()
    record_event(case, "controller_acknowledged", controller_id=forward.controller_id)
    return True


def record_instruction(forward: Forward, case: Case, instruction: str, note: str | None) -> None:
    if instruction not in INSTRUCTIONS:
        raise ForwardError(_("Unknown instruction."))
    acknowledge(forward, case)
    forward.instruction, forward.instruction_note = instruction, note
    forward.instruction_at = case.controller_instruction_at = utcnow()
    case.controller_instruction = instruction  # what it covers decides what we may send (DPA art. 9.5)
    record_event(case, "controller_instruction", instruction=instruction)


def add_controller_message(forward: Forward, case: Case, body: str) -> None:
    acknowledge(forward, case)
    forward.messages.append(ForwardMessage(body=body))
    record_event(case, "controller_message")


def add_controller_file(forward: Forward, case: Case, data: bytes, name: str | None) -> None:
    acknowledge(forward, case)
    record = files.store(case.id, "controller_upload", data, name)
    record_event(case, "controller_file", file=record.public_id, sha256=record.sha256)


def remind_controller(case: Case, kind: str) -> None:
    """Sweep: the controller has not given its instruction yet."""
    forward = latest_forward(case)
    if forward is None or forward.instruction_at:
        return
    for address in forward.controller.contact_emails:
        queue_mail(
            address,
            "controller_reminder",
            forward.controller.language,
            case_id=case.id,
            case=case,
            controller=forward.controller,
            link=controller_url(forward),
            kind=kind,
            **_organisation(),
        )


def _organisation() -> dict:
    return {"organisation": current_app.config["ORGANISATION_NAME"]}


def find_controller(controller_id: int) -> ClientController | None:
    return db.session.get(ClientController, controller_id)


def forwards_page(controller_id: int, after_id: int | None, size: int) -> list[tuple[Forward, Case]]:
    """The forwards to one client controller, oldest first, a keyset page at a time (by forward id)."""
    query = (
        select(Forward, Case)
        .join(Case, Case.id == Forward.case_id)
        .where(Forward.controller_id == controller_id)
        .order_by(Forward.id)
        .limit(size)
    )
    if after_id is not None:
        query = query.where(Forward.id > after_id)
    return [(forward, case) for forward, case in db.session.execute(query)]
