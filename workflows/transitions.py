"""The case state machine as data: which move is legal from which state, for whom, and why not.

``available()`` drives the dashboard buttons; ``apply_move()`` is the single gate every change
passes, raising IllegalMove with the reason when the law or the role forbids it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workflows.errors import IllegalMove
from workflows.states import CaseRole, CaseState, Move, StaffRole

S, M = CaseState, Move
CONTROLLER_ONLY = frozenset({CaseRole.CONTROLLER})
PROCESSOR_ONLY = frozenset({CaseRole.PROCESSOR})
BOTH = frozenset(CaseRole)
ACTIVE = frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.AWAITING_INFORMATION, S.EXTENDED})
WORKING = frozenset({S.IN_PROGRESS, S.EXTENDED})
RESUME = "resume"  # back to in_progress, or extended when the deadline was extended


@dataclass(frozen=True)
class CaseSnapshot:
    """What the guards need to know about a case."""

    state: CaseState
    case_role: CaseRole = CaseRole.CONTROLLER
    extended: bool = False
    controller_instruction_recorded: bool = False
    all_subrequests_decided: bool = False


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: CaseState | str | None  # None: the state does not change
    case_roles: frozenset = BOTH
    guard: Callable[[CaseSnapshot], str | None] | None = None


def _not_extended(case: CaseSnapshot) -> str | None:
    if case.extended:
        return "the deadline was already extended once (Art. 12(3))"
    return None


def _ready_to_answer(case: CaseSnapshot) -> str | None:
    if case.case_role == CaseRole.PROCESSOR and not case.controller_instruction_recorded:
        return (
            "no disclosure to the data subject before the client controller's instruction "
            "is recorded (DPA art. 9.5)"
        )
    if case.case_role == CaseRole.CONTROLLER and not case.all_subrequests_decided:
        return "every right in the request needs a decision before the answer goes out"
    return None


TABLE: dict[Move, Transition] = {
    M.CONFIRM_IDENTITY: Transition(frozenset({S.RECEIVED, S.AWAITING_VERIFICATION}), S.IN_PROGRESS),
    M.START_WORK: Transition(frozenset({S.RECEIVED}), S.IN_PROGRESS, CONTROLLER_ONLY),
    M.REQUEST_INFORMATION: Transition(
        frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.EXTENDED}),
        S.AWAITING_INFORMATION,
        CONTROLLER_ONLY,
    ),
    M.RECEIVE_INFORMATION: Transition(frozenset({S.AWAITING_INFORMATION}), RESUME, CONTROLLER_ONLY),
    # From "extended" too, so that a second attempt is told the real reason: one extension only.
    M.EXTEND: Transition(
        frozenset({S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.EXTENDED}),
        S.EXTENDED,
        CONTROLLER_ONLY,
        _not_extended,
    ),
    M.DECIDE: Transition(WORKING, None, CONTROLLER_ONLY),
    M.ANSWER: Transition(WORKING | {S.FORWARDED}, S.ANSWERED, BOTH, _ready_to_answer),
    M.CLOSE: Transition(frozenset({S.ANSWERED, S.AWAITING_INFORMATION, S.AWAITING_VERIFICATION}), S.CLOSED),
    M.FORWARD: Transition(
        frozenset({S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS}), S.FORWARDED, PROCESSOR_ONLY
    ),
    M.RECORD_CONTROLLER_ACKNOWLEDGEMENT: Transition(frozenset({S.FORWARDED}), None, PROCESSOR_ONLY),
    M.RECORD_CONTROLLER_INSTRUCTION: Transition(frozenset({S.FORWARDED}), None, PROCESSOR_ONLY),
    M.MARK_DUPLICATE: Transition(ACTIVE | {S.FORWARDED}, S.CLOSED),
    M.WITHDRAW: Transition(ACTIVE | {S.FORWARDED}, S.CLOSED),
}

WRONG_ROLE = {
    CaseRole.PROCESSOR: (
        "a processor does not decide on a request; forward it to the client controller (Art. 28(3)(e))"
    ),
    CaseRole.CONTROLLER: "only a processor forwards a request to its client controller (rules 2.8)",
}


def _snapshot(case: CaseState | CaseSnapshot) -> CaseSnapshot:
    return case if isinstance(case, CaseSnapshot) else CaseSnapshot(state=CaseState(case))


def refusal(case: CaseState | CaseSnapshot, move: Move, role: StaffRole) -> str | None:
    """Why ``move`` is not allowed, or None when it is."""
    case = _snapshot(case)
    if StaffRole(role) == StaffRole.AUDITOR:
        return "an auditor cannot change a case"
    transition = TABLE[Move(move)]
    if case.case_role not in transition.case_roles:
        return WRONG_ROLE[case.case_role]
    if case.state not in transition.sources:
        return f"'{move}' is not possible while the case is '{case.state}'"
    return transition.guard(case) if transition.guard else None


def apply_move(case: CaseState | CaseSnapshot, move: Move, role: StaffRole) -> CaseState:
    """The state after ``move``, or IllegalMove with the reason."""
    case = _snapshot(case)
    reason = refusal(case, move, role)
    if reason:
        raise IllegalMove(reason)
    target = TABLE[Move(move)].target
    if target is None:
        return case.state
    if target == RESUME:
        return CaseState.EXTENDED if case.extended else CaseState.IN_PROGRESS
    return CaseState(target)


def available(case_state: CaseState | CaseSnapshot, role: StaffRole) -> list[Move]:
    """The moves ``role`` may make now, in table order."""
    return [move for move in TABLE if refusal(case_state, move, role) is None]
