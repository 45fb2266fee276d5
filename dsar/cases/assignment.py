"""Who works a case, and closing a case that needs no answer of its own (a duplicate, spam).

Operations take the case, the actor's id and role, check everything before they change anything,
and never commit: a refusal leaves the case exactly as it was."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from dsar.cases import hooks
from dsar.cases.duplicates import DuplicateLink, facts_of, links_of
from dsar.cases.models import Case
from dsar.cases.service import record_event, require_move
from dsar.core.access import can, role_can, roles_with
from dsar.core.db import db, utcnow
from workflows.duplicates import check_duplicate
from workflows.states import CaseState, Move

CLOSED_AS_LABELS = {"duplicate": _l("Closed as a duplicate"), "spam": _l("Closed as spam")}


class CaseActionError(ValueError):
    """An action the portal refuses; the message says why."""


# Staff accounts are another feature's (dsar/accounts): a staff member here is what it hands over
# through hooks (id, name, role, active), never its table.


def assignable_staff() -> list:
    return hooks.staff_in_roles(roles_with("cases.work"))


def names_of(staff_ids: set[int]) -> dict[int, str]:
    """Names of the assignees on a page, including colleagues who have left since."""
    return hooks.staff_names(staff_ids)


def find_assignee(staff_id: int | None):
    """The staff member to assign, or None to unassign; refuses anyone who cannot work cases."""
    if not staff_id:
        return None
    user = hooks.staff_member(staff_id)
    if user is None or not user.active or not role_can(user.role, "cases.work"):  # never an auditor
        raise CaseActionError(_("cases are assigned to active admins, DPOs or handlers only"))
    return user


def assign_case(case: Case, assignee, actor_id: int, actor_role: str) -> bool:
    """Give the case to ``assignee`` (None: nobody). False when nothing changed."""
    if not role_can(actor_role, "cases.work"):
        raise CaseActionError(_("an auditor cannot change a case"))
    if case.closed_at is not None or case.state == CaseState.CLOSED:
        raise CaseActionError(_("the case is closed"))
    new_id = assignee.id if assignee else None
    if case.assignee_id == new_id:
        return False
    case.assignee_id = new_id
    record_event(case, "assigned" if new_id else "unassigned", actor_id, assignee_id=new_id)
    return True


def _reason(text: str | None) -> str:
    reason = (text or "").strip()
    if not reason:
        raise CaseActionError(_("write the reason; it stays on the case file"))
    return reason


def _close(case: Case, move: Move, kind: str, reason: str, actor_id: int, actor_role: str) -> None:
    case.state = require_move(case, move, actor_role)
    case.closed_at, case.closed_as, case.closure_note = utcnow(), kind, reason
    # The reason text stays on the case, the trail gets codes and ids (Recital 64).
    record_event(case, f"closed_as_{kind}", actor_id, duplicate_of_id=case.duplicate_of_id)


def mark_duplicate(case: Case, original: Case | None, reason: str, actor_id: int, actor_role: str) -> None:
    """Close ``case`` as a duplicate of ``original``, which answers the same request."""
    reason = _reason(reason)
    require_move(case, Move.MARK_DUPLICATE, actor_role)
    if original is None:
        raise CaseActionError(_("there is no case with that reference"))
    check_duplicate(facts_of(case), facts_of(original))
    case.duplicate_of_id = original.id
    _close(case, Move.MARK_DUPLICATE, "duplicate", reason, actor_id, actor_role)


def mark_spam(case: Case, reason: str, actor_id: int, actor_role: str) -> None:
    """Close a submission nobody stands behind (workflows: not_from_identifiable_requester)."""
    reason = _reason(reason)
    _close(case, Move.MARK_SPAM, "spam", reason, actor_id, actor_role)


@dataclass
class AssignmentPanel:
    assignee: object | None  # a staff member (dsar/accounts)
    duplicate_of: Case | None
    can_assign: bool
    staff: list
    duplicates: list[DuplicateLink]


def panel_for(case: Case) -> AssignmentPanel:
    """Prepared values for templates/cases/assignment.html."""
    can_assign = can(current_user, "cases.work") and case.closed_at is None
    return AssignmentPanel(
        assignee=hooks.staff_member(case.assignee_id),
        duplicate_of=db.session.get(Case, case.duplicate_of_id) if case.duplicate_of_id else None,
        can_assign=can_assign,
        staff=assignable_staff() if can_assign else [],
        duplicates=links_of(case),
    )


def closed_as_label(code: str | None) -> str:
    return str(CLOSED_AS_LABELS.get(code, code or ""))
