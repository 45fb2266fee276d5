"""The case state machine as data: which move is legal from which state, for whom, and why not.

``TABLE`` maps (from_state, move) to a ``Step``. ``available()`` drives the dashboard buttons;
``apply_move()`` is the single gate every change passes, raising IllegalMove with the reason when
the law or the role forbids it. A move is offered exactly when applying it would succeed.

The ``extended`` state means "being worked on, on an extended deadline". An extension or a paused
clock never erases an unconfirmed identity: a case only reaches the working states through
``confirm_identity`` or ``start_work``, so nothing is decided or disclosed to an unverified
requester (rules 5.5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from workflows.errors import IllegalMove
from workflows.reasons import Phrase
from workflows.states import CaseRole, CaseState, ControllerInstruction, Move, StaffRole
from workflows.sweep import CLOSURE_PROPOSAL_DAYS

S, M = CaseState, Move
CONTROLLER_ONLY = frozenset({CaseRole.CONTROLLER})
PROCESSOR_ONLY = frozenset({CaseRole.PROCESSOR})
BOTH = frozenset(CaseRole)
WORKING = (S.IN_PROGRESS, S.EXTENDED)
ACTIVE = (S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.AWAITING_INFORMATION, S.EXTENDED)


@dataclass(frozen=True)
class CaseSnapshot:
    """What the guards need to know about a case."""

    state: CaseState
    case_role: CaseRole = CaseRole.CONTROLLER
    extended: bool = False
    controller_instruction_recorded: bool = False
    all_subrequests_decided: bool = False
    # False while the requester's identity is still in doubt (Art. 12(6)), e.g. during a pause
    # opened to ask for proof of identity; the reply then returns the case to verification.
    identity_confirmed: bool = True
    # True when a person we can reach stands behind the request: the requester confirmed the
    # e-mail address, or staff registered it from a letter, call or mail. Such a request is never
    # spam (see not_from_identifiable_requester).
    identifiable_requester: bool = True
    # An Art. 12(5) refusal or fee proposed and not yet approved or rejected by a DPO (rules C3).
    art12_5_pending: bool = False
    # Processor role: what the client controller instructed (ControllerInstruction), if anything.
    controller_instruction: str | None = None
    # Calendar days since the open information request went out; None when none is open.
    days_waiting_for_information: int | None = None
    # Every right is a consent withdrawal or a direct-marketing objection (rules 5.2 level 1).
    only_level_one_rights: bool = False


Guard = Callable[[CaseSnapshot], Phrase | None]
Target = Callable[[CaseSnapshot], CaseState]


@dataclass(frozen=True)
class Step:
    """One row of the table: where the move leads, for which case roles, and what it needs."""

    target: CaseState | Target | None  # None: the state does not change
    case_roles: frozenset[CaseRole] = BOTH
    guard: Guard | None = None


def back_to_work(case: CaseSnapshot) -> CaseState:
    """The working state: ``extended`` once the deadline was extended, else ``in_progress``."""
    return S.EXTENDED if case.extended else S.IN_PROGRESS


def after_information(case: CaseSnapshot) -> CaseState:
    """A pause is a suspension, not a new start (rules 3.4): the case resumes where it was. When the
    question was about identity, the answer still has to be checked before any work on the data."""
    return back_to_work(case) if case.identity_confirmed else S.AWAITING_VERIFICATION


def extendable(case: CaseSnapshot) -> Phrase | None:
    if case.extended:
        return Phrase("already_extended")
    if case.only_level_one_rights:
        # Rules 2.6, 2.7: stopping direct marketing or consent-based processing is immediate; there
        # is no complexity that two further months could serve.
        return Phrase("extension_level_one")
    return None


def ready_to_answer(case: CaseSnapshot) -> Phrase | None:
    if case.art12_5_pending:
        return Phrase("art12_5_pending")
    if case.case_role == CaseRole.PROCESSOR and not case.controller_instruction_recorded:
        return Phrase("instruction_before_disclosure")  # DPA art. 9.5
    if (
        case.case_role == CaseRole.PROCESSOR
        and case.controller_instruction != ControllerInstruction.PROCESSOR_ANSWERS
    ):
        # DPA art. 9.5: we disclose only on the client's instruction, and only what it covers; any
        # other instruction leaves the answer to the client controller (Art. 28(3)(e)).
        return Phrase("processor_answer_not_instructed")
    if case.case_role == CaseRole.CONTROLLER and not case.all_subrequests_decided:
        # Rules C4 and C7: every right gets its own decision; silence is never an outcome.
        return Phrase("undecided_rights")
    return None


def no_answer_for_a_month(case: CaseSnapshot) -> Phrase | None:
    """Rules 3.4: a question left unanswered for 30 days closes the case, with the closing letter
    the portal sends (Art. 12(4) information; C4: silence is never an outcome). Before that the
    case waits; a requester who cannot be identified is answered as "identity not confirmed"."""
    waited = case.days_waiting_for_information
    if waited is None or waited < CLOSURE_PROPOSAL_DAYS:
        return Phrase("close_before_no_answer_period", days=CLOSURE_PROPOSAL_DAYS)
    return None


def instructed(case: CaseSnapshot) -> Phrase | None:
    if not case.controller_instruction_recorded:
        return Phrase("close_needs_instruction")  # rules 2.8
    return None


def not_from_identifiable_requester(case: CaseSnapshot) -> Phrase | None:
    """Spam is closed without a letter, so only a submission nobody can be shown to stand behind
    qualifies. A request from an identifiable person, however unfounded it looks, is answered: a
    refusal as manifestly unfounded is the DPO's Art. 12(5) decision with the Art. 12(4)
    information (rules C3, C4: silence is never an outcome)."""
    if case.identifiable_requester:
        return Phrase("identifiable_requester")
    return None


def rows(sources: Iterable[CaseState], move: Move, step: Step) -> dict[tuple[CaseState, Move], Step]:
    return {(source, move): step for source in sources}


TABLE: dict[tuple[CaseState, Move], Step] = {
    **rows((S.RECEIVED, S.AWAITING_VERIFICATION), M.CONFIRM_IDENTITY, Step(back_to_work)),
    # No verification needed (level 0 or 1, rules 5.2): straight to work.
    **rows((S.RECEIVED,), M.START_WORK, Step(S.IN_PROGRESS, CONTROLLER_ONLY)),
    **rows(
        (S.RECEIVED, S.AWAITING_VERIFICATION, *WORKING),
        M.REQUEST_INFORMATION,
        Step(S.AWAITING_INFORMATION, CONTROLLER_ONLY),
    ),
    **rows((S.AWAITING_INFORMATION,), M.RECEIVE_INFORMATION, Step(after_information, CONTROLLER_ONLY)),
    # Art. 12(3) only requires the notice by the one-month date (checked by check_extension); a case
    # waiting for identity or information keeps that state, the extension is recorded on the case.
    # From "extended" too, so that a second attempt is told the real reason: one extension only.
    **rows((S.IN_PROGRESS, S.EXTENDED), M.EXTEND, Step(S.EXTENDED, CONTROLLER_ONLY, extendable)),
    **rows(
        (S.AWAITING_VERIFICATION, S.AWAITING_INFORMATION),
        M.EXTEND,
        Step(None, CONTROLLER_ONLY, extendable),
    ),
    # Rules 5.5: an unverified request is answered too, as "identity not confirmed" with the
    # Art. 12(4) information (which decisions are lawful then: workflows.rights).
    **rows((*WORKING, S.AWAITING_VERIFICATION), M.DECIDE, Step(None, CONTROLLER_ONLY)),
    **rows((*WORKING, S.AWAITING_VERIFICATION), M.ANSWER, Step(S.ANSWERED, CONTROLLER_ONLY, ready_to_answer)),
    **rows((S.FORWARDED,), M.ANSWER, Step(S.ANSWERED, PROCESSOR_ONLY, ready_to_answer)),
    **rows((S.ANSWERED,), M.CLOSE, Step(S.CLOSED)),
    # Rules 3.4: no answer within 30 days closes the case with its closing letter, which the portal
    # sends. An unverified case is never closed in silence: it is answered (rules 5.5, C4).
    **rows((S.AWAITING_INFORMATION,), M.CLOSE, Step(S.CLOSED, CONTROLLER_ONLY, no_answer_for_a_month)),
    **rows((S.FORWARDED,), M.CLOSE, Step(S.CLOSED, PROCESSOR_ONLY, instructed)),
    **rows(
        (S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS),
        M.FORWARD,
        Step(S.FORWARDED, PROCESSOR_ONLY),
    ),
    **rows((S.FORWARDED,), M.RECORD_CONTROLLER_ACKNOWLEDGEMENT, Step(None, PROCESSOR_ONLY)),
    **rows((S.FORWARDED,), M.RECORD_CONTROLLER_INSTRUCTION, Step(None, PROCESSOR_ONLY)),
    **rows((*ACTIVE, S.FORWARDED), M.MARK_DUPLICATE, Step(S.CLOSED)),
    **rows((*ACTIVE, S.FORWARDED), M.WITHDRAW, Step(S.CLOSED)),
    # Spam only before anyone confirmed or started the request: once work started, it is a request.
    **rows(
        (S.RECEIVED, S.AWAITING_VERIFICATION),
        M.MARK_SPAM,
        Step(S.CLOSED, guard=not_from_identifiable_requester),
    ),
}

# The case roles that can ever make each move, whatever the state.
MOVE_ROLES: dict[Move, frozenset[CaseRole]] = {
    move: frozenset().union(*(step.case_roles for (_, m), step in TABLE.items() if m == move))
    for move in Move
}

# Art. 28(3)(e): a processor assists, the client controller decides; rules 2.8.
WRONG_ROLE: dict[CaseRole, dict[Move | None, str]] = {
    CaseRole.PROCESSOR: {M.EXTEND: "processor_cannot_extend", None: "processor_does_not_decide"},
    CaseRole.CONTROLLER: {M.FORWARD: "controller_does_not_forward", None: "controller_has_no_client"},
}


def as_snapshot(case: CaseState | CaseSnapshot) -> CaseSnapshot:
    return case if isinstance(case, CaseSnapshot) else CaseSnapshot(state=CaseState(case))


def refusal(case: CaseState | CaseSnapshot, move: Move, role: StaffRole) -> Phrase | None:
    """Why ``move`` is not allowed now, or None when it is."""
    case, move = as_snapshot(case), Move(move)
    if StaffRole(role) == StaffRole.AUDITOR:
        return Phrase("auditor_read_only")
    if case.case_role not in MOVE_ROLES[move]:
        codes = WRONG_ROLE[case.case_role]
        return Phrase(codes.get(move, codes[None]))
    step = TABLE.get((case.state, move))
    if step is None or case.case_role not in step.case_roles:
        return Phrase("move_not_possible", move=move, state=case.state)
    return step.guard(case) if step.guard else None


def apply_move(case: CaseState | CaseSnapshot, move: Move, role: StaffRole) -> CaseState:
    """The state after ``move``, or IllegalMove with the reason."""
    case = as_snapshot(case)
    reason = refusal(case, move, role)
    if reason:
        raise IllegalMove(reason)
    target = TABLE[(case.state, Move(move))].target
    if target is None:
        return case.state
    if callable(target):
        return target(case)
    return target


def available(case_state: CaseState | CaseSnapshot, role: StaffRole) -> list[Move]:
    """The moves ``role`` may make now, in the order of the Move enum."""
    return [move for move in Move if refusal(case_state, move, role) is None]
