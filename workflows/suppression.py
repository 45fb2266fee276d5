"""Which decisions put a person on the suppression list (Art. 21(3), 7(3); rules 2.6, 6.2)."""

from __future__ import annotations

from workflows.states import Outcome, Right

DIRECT_MARKETING = "direct_marketing"
CONSENT_WITHDRAWN = "consent_withdrawn"


def suppression_scope(right: Right, outcome: Outcome | None, direct_marketing: bool = False) -> str | None:
    """The list a granted direct-marketing objection or consent withdrawal adds the person to, so
    that "no longer processed for such purposes" holds for every later campaign; None otherwise."""
    if outcome != Outcome.GRANTED:
        return None
    if Right(right) == Right.OBJECTION and direct_marketing:
        return DIRECT_MARKETING
    if Right(right) == Right.CONSENT_WITHDRAWAL:
        return CONSENT_WITHDRAWN
    return None
