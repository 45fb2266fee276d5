"""What a case waits for now, in one code: the staff case page shows it at the top of the case so a
handler sees where the case stands without reading its whole file."""

from __future__ import annotations

from enum import StrEnum

from workflows.states import CaseRole, CaseState


class NextStep(StrEnum):
    CONFIRM_EMAIL = "confirm_email"  # the requester has not confirmed the address yet
    VERIFY_IDENTITY = "verify_identity"  # rules 5: identity before acting (Art. 12(6))
    WAIT_FOR_INFORMATION = "wait_for_information"  # clock paused (rules 3.4)
    FORWARD = "forward"  # processor role: the client controller decides (rules C9, 2.8)
    WAIT_FOR_CONTROLLER = "wait_for_controller"
    DECIDE = "decide"  # every right needs its own decision (rules C7)
    ANSWER = "answer"  # silence is never an outcome (rules C4)
    CLOSE = "close"
    NOTHING = "nothing"


WAITING = {
    CaseState.RECEIVED: NextStep.CONFIRM_EMAIL,
    CaseState.AWAITING_VERIFICATION: NextStep.VERIFY_IDENTITY,
    CaseState.AWAITING_INFORMATION: NextStep.WAIT_FOR_INFORMATION,
    CaseState.FORWARDED: NextStep.WAIT_FOR_CONTROLLER,
    CaseState.ANSWERED: NextStep.CLOSE,
    CaseState.CLOSED: NextStep.NOTHING,
}


def next_step(state: str, role: str, undecided_rights: int) -> NextStep:
    """The step the case waits for, from its state, its role and how many rights are undecided."""
    if state in WAITING:
        return WAITING[CaseState(state)]
    if role == CaseRole.PROCESSOR:
        return NextStep.FORWARD
    return NextStep.DECIDE if undecided_rights else NextStep.ANSWER
