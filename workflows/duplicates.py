"""When two requests are the same request, and when one may be closed as a duplicate of the other.

Detection only flags: a flagged case stays open until staff decide. Closing a case as a duplicate is
not a decision not to act (Art. 12(4)) only because the other case answers the very same request; so
the other case must still be on its way to an answer, come from the same requester, for the same
role, and cover every right the duplicate asks for. A request made again after an answer is a new
request: a repetitive one is for the DPO under Art. 12(5), with the Art. 12(4) information (rules C3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from workflows.errors import IllegalMove
from workflows.reasons import Phrase
from workflows.states import CaseState

DEFAULT_WINDOW_DAYS = 30  # [CHOICE] DSAR_DUPLICATE_WINDOW_DAYS
# The original must not have been answered: after the answer, a repeat is a new request.
ANSWERING_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.AWAITING_VERIFICATION,
        CaseState.IN_PROGRESS,
        CaseState.AWAITING_INFORMATION,
        CaseState.EXTENDED,
        CaseState.FORWARDED,
    }
)


@dataclass(frozen=True)
class RequestFacts:
    """What decides whether two requests are the same request."""

    reference: str
    email: str
    rights: frozenset[str]
    received_at: datetime
    state: CaseState = CaseState.RECEIVED
    role: str = "controller"
    client_controller_id: int | None = None


def same_requester(a: RequestFacts, b: RequestFacts) -> bool:
    """E-mail addresses compared without case: mail systems do not tell An@ from an@ apart."""
    return a.email.strip().casefold() == b.email.strip().casefold()


def is_possible_duplicate(new: RequestFacts, other: RequestFacts, window_days: int) -> bool:
    """Same requester, at least one right in common, received within the window of each other."""
    return (
        new.reference != other.reference
        and same_requester(new, other)
        and bool(new.rights & other.rights)
        and abs(new.received_at - other.received_at) <= timedelta(days=window_days)
    )


def duplicate_refusal(duplicate: RequestFacts, original: RequestFacts) -> Phrase | None:
    """Why ``duplicate`` may not be closed as a duplicate of ``original``, or None when it may."""
    if duplicate.reference == original.reference:
        return Phrase("duplicate_of_itself")
    if not same_requester(duplicate, original):
        return Phrase("duplicate_other_requester")
    if (duplicate.role, duplicate.client_controller_id) != (original.role, original.client_controller_id):
        return Phrase("duplicate_other_controller")
    missing = duplicate.rights - original.rights
    if missing:
        return Phrase("duplicate_rights_missing", rights=sorted(missing))
    if CaseState(original.state) not in ANSWERING_STATES:
        return Phrase("duplicate_original_answered")
    return None


def check_duplicate(duplicate: RequestFacts, original: RequestFacts) -> None:
    reason = duplicate_refusal(duplicate, original)
    if reason:
        raise IllegalMove(reason)
