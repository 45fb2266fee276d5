"""Public intake operations: submit a request, confirm the e-mail address. They never commit."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from dsar.cases.duplicates import flag_possible_duplicates
from dsar.cases.models import Case
from dsar.cases.service import NewRequest, open_case, record_event, target_state
from dsar.controllers.service import assign_controller
from dsar.core.db import utcnow
from dsar.core.links import LinkPurpose, signed_url
from dsar.core.mail import queue_mail
from dsar.identity.address_on_file import address_on_file, differs
from dsar.intake.verification import required_level
from workflows.processor import acknowledgement_template
from workflows.states import CaseRole, CaseState, Move


def status_url(case: Case) -> str:
    return signed_url("intake.status", LinkPurpose.STATUS, case.public_id)


def confirm_url(case: Case) -> str:
    return signed_url("intake.confirm", LinkPurpose.CONFIRM_EMAIL, case.public_id)


def submit_request(request: NewRequest, controller=None, actor_id: int | None = None) -> Case:
    """Open the case and queue its acknowledgement in the same transaction (rules C6, C7).

    The clock runs from receipt, not from confirmation (rules 3.2, EDPB §159)."""
    case = open_case(request, current_app.config["HOLIDAY_COUNTRY"], actor_id)
    flag_possible_duplicates(case, actor_id)  # flagged for staff, never merged
    if controller is not None:
        # Processor role (rules C9, 2.8): the client controller decides; we forward by the agreed day.
        assign_controller(case, controller)
    case.verification_level = required_level(request.rights)
    if case.verification_level <= 1:
        # Rules 5.2 level 1: nothing beyond the channel for consent withdrawal and direct marketing.
        case.state = CaseState.IN_PROGRESS
    queue_acknowledgement(case)
    return case


def queue_acknowledgement(case: Case) -> None:
    """Rules C6: receipt and due date. A processor case gets a neutral receipt instead: the client
    controller decides and sets the date, and may not want its name told at all (rules P1, P4)."""
    needs_confirmation = case.verification_level >= 2 and case.email_confirmed_at is None
    # Rules 5.2 level 2: when a data source holds another address for this requester, the link
    # goes there, not to the address given in the form.
    on_file = address_on_file(case) if needs_confirmation else None
    to_file = differs(on_file, case.requester_email)
    queue_mail(
        case.requester_email,
        acknowledgement_template(CaseRole(case.role)),
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        confirm_link=confirm_url(case) if needs_confirmation and not to_file else None,
        confirm_on_file=to_file,
        confirm_days=current_app.config["CONFIRM_LINK_DAYS"],
        status_link=status_url(case),
    )
    record_event(case, "acknowledgement_queued")
    if to_file:
        queue_mail(
            on_file,
            "confirm_on_file",
            case.language,
            case_id=case.id,
            case=case,
            organisation=current_app.config["ORGANISATION_NAME"],
            confirm_link=confirm_url(case),
            confirm_days=current_app.config["CONFIRM_LINK_DAYS"],
        )
        record_event(case, "confirmation_sent_to_address_on_file")


def confirm_email(case: Case, at: datetime | None = None) -> bool:
    """Record that the requester controls the address (verification level 2). Idempotent:
    returns False when it was already confirmed."""
    if case.email_confirmed_at is not None:
        return False
    case.email_confirmed_at = at or utcnow()
    record_event(case, "email_confirmed")
    on_file = address_on_file(case) if case.verification_level >= 2 else None
    if differs(on_file, case.requester_email):
        # The link went to the address on file (rules 5.2 level 2): the answer goes there too,
        # not to the new address given in the form (level 3 would be needed for that).
        case.requester_email = on_file
        record_event(case, "answer_address_on_file")
    if case.state == CaseState.AWAITING_VERIFICATION and case.verification_level <= 2:
        case.state = target_state(case, Move.CONFIRM_IDENTITY)
    return True
