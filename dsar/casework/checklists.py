"""The checklists a decision on rectification, erasure or restriction waits for.

Art. 19 (rules 2.2-2.4, 6.3 item 9): each recipient notified (who, when, how) or why not
(impossible or disproportionate), or the statement that the data went to no recipient. Rules 2.2,
2.3 and 6.3 item 8: per system an admin listed, done or not applicable, with a note and optional
evidence. ``case_hooks.decision_inputs`` hands both to the decision, which workflows/ then checks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from dsar.casework.models import CaseAttachment, DataSystem, RecipientNotice, SystemCheck
from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.core.time import brussels_today
from workflows.checklists import needs_system_checklist
from workflows.rights import requires_art19

NOTICE_KINDS = ("notified", "not_notified", "no_recipients")


class ChecklistError(ValueError):
    pass


# --- Art. 19 ----------------------------------------------------------------------------------------


def record_recipient(
    sub: SubRequest,
    actor_id: int,
    kind: str,
    recipient: str | None = None,
    notified_on: date | None = None,
    channel: str | None = None,
    reason: str | None = None,
) -> RecipientNotice:
    if not requires_art19(sub.right):
        raise ChecklistError("not_art19")
    recipient, channel, reason = ((v or "").strip() or None for v in (recipient, channel, reason))
    if kind not in NOTICE_KINDS:
        raise ChecklistError("kind")
    if kind != "no_recipients" and not recipient:
        raise ChecklistError("recipient")
    if kind == "notified" and not (notified_on and channel):
        raise ChecklistError("when_how")
    if kind == "notified" and notified_on > brussels_today():
        raise ChecklistError("future")
    if kind != "notified" and not reason:
        raise ChecklistError("reason")
    notice = RecipientNotice(
        sub_request_id=sub.id,
        kind=kind,
        recipient=recipient if kind != "no_recipients" else None,
        notified_on=notified_on if kind == "notified" else None,
        channel=channel if kind == "notified" else None,
        reason=reason if kind != "notified" else None,
        recorded_by_id=actor_id,
        recorded_at=utcnow(),
    )
    db.session.add(notice)
    db.session.flush()
    record_event(sub.case, "art19_recorded", actor_id, right=sub.right, notice_id=notice.id, notice=kind)
    return notice


def notices_of(sub: SubRequest) -> list[RecipientNotice]:
    query = (
        select(RecipientNotice).where(RecipientNotice.sub_request_id == sub.id).order_by(RecipientNotice.id)
    )
    return list(db.session.scalars(query))


def art19_lines(notices: list[RecipientNotice]) -> tuple[list[str], str | None]:
    """(recipients notified as "who, when, how" lines; reasons for the ones not notified)."""
    notified = [
        f"{n.recipient}, {n.notified_on.isoformat()}, {n.channel}" for n in notices if n.kind == "notified"
    ]
    reasons = [
        f"{n.recipient}: {n.reason}" if n.recipient else n.reason for n in notices if n.kind != "notified"
    ]
    return notified, "\n".join(reasons) or None


# --- systems ----------------------------------------------------------------------------------------


def active_systems() -> list[DataSystem]:
    return list(db.session.scalars(select(DataSystem).where(DataSystem.active).order_by(DataSystem.name)))


def add_system(name: str, owner: str, actor_id: int) -> DataSystem:
    name, owner = (name or "").strip(), (owner or "").strip()
    if not name or not owner:
        raise ChecklistError("name_owner")
    if db.session.scalar(select(DataSystem.id).where(DataSystem.name == name)):
        raise ChecklistError("duplicate")
    system = DataSystem(name=name[:200], owner=owner[:200])
    db.session.add(system)
    db.session.flush()
    audit.record("system.added", actor_id, system_id=system.id)
    return system


def set_system_active(system: DataSystem, active: bool, actor_id: int) -> None:
    system.active = active
    audit.record("system.activated" if active else "system.retired", actor_id, system_id=system.id)


def tick_system(
    sub: SubRequest,
    system: DataSystem,
    actor_id: int,
    status: str,
    note: str,
    evidence: CaseAttachment | None = None,
) -> SystemCheck:
    if not needs_system_checklist(sub.right):
        raise ChecklistError("not_systems")
    if status not in ("done", "not_applicable"):
        raise ChecklistError("status")
    note = (note or "").strip()
    if not note:
        raise ChecklistError("note")
    check = SystemCheck(
        sub_request_id=sub.id,
        system_id=system.id,
        status=status,
        note=note,
        evidence_id=evidence.id if evidence else None,
        checked_by_id=actor_id,
        checked_at=utcnow(),
    )
    db.session.add(check)
    db.session.flush()
    record_event(
        sub.case,
        "system_ticked",
        actor_id,
        right=sub.right,
        system_id=system.id,
        status=status,
        check_id=check.id,
    )
    return check


def latest_checks(sub: SubRequest) -> dict[int, SystemCheck]:
    """The tick in force per system: the latest one (earlier ticks stay as history)."""
    query = select(SystemCheck).where(SystemCheck.sub_request_id == sub.id).order_by(SystemCheck.id)
    return {check.system_id: check for check in db.session.scalars(query)}


def unticked_systems(sub: SubRequest) -> list[str]:
    if not needs_system_checklist(sub.right):
        return []
    ticked = latest_checks(sub)
    return [system.name for system in active_systems() if system.id not in ticked]


def art19_inputs(sub: SubRequest) -> tuple[list[str], str | None]:
    """The Art. 19 recipients told of the decision, and why the others were not (none when the
    right does not call for it)."""
    return art19_lines(notices_of(sub)) if requires_art19(sub.right) else ([], None)
