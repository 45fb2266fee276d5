"""Operations on cases. They take ids or objects and an explicit actor, change the session and
never commit: the caller commits once, so a case, its sub-requests, its events and its mails are
stored together or not at all (the outbox pattern, security.md R-07)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from dsar.cases import hooks
from dsar.cases.clock import calendar_for, set_clock
from dsar.cases.models import Case, CaseEvent, CaseMessage, SubRequest
from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.core.time import brussels_today
from workflows.deadlines import consent_withdrawal_due
from workflows.states import CaseRole, CaseState, Move, Right, StaffRole
from workflows.transitions import CaseSnapshot, apply_move, available

# Crockford's base-32 alphabet: no I, L, O or U, so a reference survives being read out on the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 8  # 40 random bits; status pages use signed tokens, never the reference alone


@dataclass
class NewRequest:
    """Everything needed to open a case, whatever channel it came through."""

    rights: dict[str, dict]  # right -> details the requester gave for it
    name: str
    email: str
    language: str
    received_at: datetime
    channel: str = "web"
    phone: str | None = None
    customer_reference: str | None = None
    on_behalf: bool = False
    subject_name: str | None = None
    representative_relation: str | None = None
    role: str = "controller"
    extra: dict = field(default_factory=dict)


def new_reference() -> str:
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = f"{raw[:4]}-{raw[4:]}"
        if not db.session.scalar(select(Case.id).where(Case.reference == reference)):
            return reference


def record_event(case: Case, kind: str, actor_id: int | None = None, **data) -> CaseEvent:
    """A timeline event, also appended to the tamper-evident audit trail."""
    if case.id is not None and "events" in sa_inspect(case).unloaded:
        # The timeline is not loaded: leave it so (a sweep batch would read every case's whole
        # timeline). Reading it later flushes this event first, so it is there all the same.
        event = CaseEvent(case_id=case.id, kind=kind, actor_id=actor_id, data=data, at=utcnow())
    else:
        event = CaseEvent(case=case, kind=kind, actor_id=actor_id, data=data, at=utcnow())
    db.session.add(event)
    if case.id is None:
        db.session.flush()
    audit.record(f"case.{kind}", actor_id, case.id, **data)
    for listener in hooks.event_listeners:
        listener(case, event)
    return event


def download_recorder(case_id: int, kind: str, actor_id: int | None = None, **data):
    """What a file download puts on the timeline and the trail once its response is over
    (core/downloads.py): ``kind`` only when every byte was handed over, otherwise that it was
    interrupted, so the case never shows proof of a delivery that failed."""

    def finished(complete: bool, bytes_sent: int) -> None:
        case = db.session.get(Case, case_id)
        if complete:
            record_event(case, kind, actor_id, **data)
        else:
            record_event(case, "download_interrupted", actor_id, download=kind, bytes_sent=bytes_sent, **data)
        db.session.commit()

    return finished


def open_case(request: NewRequest, country: str, actor_id: int | None = None) -> Case:
    """Create the case with one sub-request per right and one clock from the receipt instant."""
    case = Case(
        public_id=uuid.uuid4().hex,
        reference=new_reference(),
        state=CaseState.AWAITING_VERIFICATION,
        role=request.role,
        channel=request.channel,
        language=request.language,
        requester_name=request.name,
        requester_email=request.email,
        requester_phone=request.phone,
        customer_reference=request.customer_reference,
        on_behalf=request.on_behalf,
        subject_name=request.subject_name,
        representative_relation=request.representative_relation,
        registered_by_id=actor_id,
    )
    set_clock(case, request.received_at, country)
    for right, details in request.rights.items():
        case.sub_requests.append(SubRequest(right=right, details=details))
    if Right.CONSENT_WITHDRAWAL in request.rights:
        # Rules 2.7: a withdrawal takes effect within 2 working days, well inside the month.
        cal = calendar_for(country)
        case.sla_target = min(case.sla_target, consent_withdrawal_due(case.received_at, cal))
    db.session.add(case)
    record_event(case, "submitted", actor_id, channel=request.channel, rights=list(request.rights))
    db.session.flush()  # ids for the mails and jobs queued in the same transaction
    return case


def case_or_404(reference: str) -> Case:
    """The case a staff address names; an unknown reference is a plain 404."""
    return db.first_or_404(select(Case).where(Case.reference == reference))


def right_of(case: Case, sub_id: int) -> SubRequest:
    """One right of ``case``; another case's right is a plain 404 (no reaching it through this one)."""
    return db.first_or_404(select(SubRequest).where(SubRequest.id == sub_id, SubRequest.case_id == case.id))


def right_or_404(reference: str, sub_id: int) -> SubRequest:
    """One right of the case a staff address names."""
    return right_of(case_or_404(reference), sub_id)


def find_by_reference(reference: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.reference == reference))


def find_by_id(case_id: int) -> Case | None:
    return db.session.get(Case, case_id)


def references_for(case_ids: set[int]) -> dict[int, str]:
    """The reference of each case id that still exists (the audit trail names cases by it)."""
    if not case_ids:
        return {}
    return dict(db.session.execute(select(Case.id, Case.reference).where(Case.id.in_(case_ids))).all())


def add_incoming_message(case: Case, body: str, at: datetime) -> None:
    """Something the requester wrote, kept on the case as they sent it (another channel's reply)."""
    case.messages.append(CaseMessage(direction="in", body=body, at=at))


def find_by_public_id(public_id: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.public_id == public_id))


def snapshot_of(case: Case) -> CaseSnapshot:
    """What workflows/ needs to decide which moves are legal for this case."""
    return CaseSnapshot(
        state=CaseState(case.state),
        case_role=CaseRole(case.role),
        extended=case.extended_at is not None,
        controller_instruction_recorded=case.controller_instruction_at is not None,
        all_subrequests_decided=all(sub.outcome for sub in case.sub_requests),
        identifiable_requester=case.channel != "web" or case.email_confirmed_at is not None,
        identity_confirmed=identity_confirmed(case),
        art12_5_pending=hooks.art12_5_pending(case),  # case work's four eyes (rules C3)
        controller_instruction=case.controller_instruction,
        days_waiting_for_information=days_waiting_for_information(case),
        only_level_one_rights=case.only_level_one_rights,
    )


def days_waiting_for_information(case: Case) -> int | None:
    """Calendar days since the open information request went out (rules 3.4); None when none is open."""
    pause = next((p for p in case.pauses if p.received_on is None), None)
    return None if pause is None else (brussels_today() - pause.requested_on).days


# Case events that raise or settle a doubt about who is asking (Art. 12(6), rules 5.2-5.5).
IDENTITY_DOUBT = {"id_copy_requested", "id_check_failed", "knowledge_check_failed"}
IDENTITY_SETTLED = {"id_check_passed", "knowledge_check_passed", "identity_confirmed"}


def identity_confirmed(case: Case) -> bool:
    """False while a doubt about identity is open: an identity question is still unanswered, or
    the latest identity event raised a doubt that no check has settled since. An answer to an
    identity question is evidence to check, not a confirmation (workflows: after_information)."""
    if any(p.reason == "identity" and p.received_on is None for p in case.pauses):
        return False
    for event in reversed(case.events):
        if event.kind in IDENTITY_SETTLED:
            return True
        asked_identity = event.kind == "information_requested" and event.data.get("reason") == "identity"
        if event.kind in IDENTITY_DOUBT or asked_identity:
            return False
    return True


def allowed_moves(case: Case, staff_role: str) -> set[str]:
    return {move.value for move in available(snapshot_of(case), StaffRole(staff_role))}


def require_move(case: Case, move: Move, staff_role: str) -> CaseState:
    """The state after ``move``, or IllegalMove (with the legal reason) when it is not allowed now."""
    return apply_move(snapshot_of(case), move, StaffRole(staff_role))


def target_state(case: Case, move: Move) -> CaseState:
    """The state workflows/ gives the case after ``move``. Who may make the move was checked by the
    caller (or the move is the requester's own, such as answering a question); the resulting state
    does not depend on the staff role, so the table is asked as the DPO."""
    return apply_move(snapshot_of(case), move, StaffRole.DPO)
