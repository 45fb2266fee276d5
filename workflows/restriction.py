"""Restriction of processing (Art. 18) as a state of the right: on what ground the data are
restricted, and when the restriction may be lifted (rules 2.4)."""

from __future__ import annotations

from enum import StrEnum

from workflows.errors import DecisionError


class RestrictionGround(StrEnum):
    """Art. 18(1); the values are those of the public form and are stored: never rename one."""

    ACCURACY_CONTESTED = "accuracy_contested"  # (a) for the time needed to verify accuracy
    UNLAWFUL_PROCESSING = "unlawful_processing"  # (b) the subject prefers restriction to erasure
    LEGAL_CLAIMS = "legal_claims"  # (c) the subject needs the data for legal claims
    OBJECTION_PENDING = "objection_pending"  # (d) pending the Art. 21(1) balancing test


def check_restrict(ground: str | None) -> RestrictionGround:
    """A restriction names its Art. 18(1) ground: the case and the register show it."""
    try:
        return RestrictionGround(ground or "")
    except ValueError:
        raise DecisionError("restriction_without_ground") from None


def check_in_force(restricted: bool, lifted: bool) -> None:
    if not restricted or lifted:
        raise DecisionError("restriction_not_in_force")


def check_lift(restricted: bool, lifted: bool, notice_sent: bool) -> None:
    """Art. 18(3): the data subject is informed before the restriction is lifted."""
    check_in_force(restricted, lifted)
    if not notice_sent:
        raise DecisionError("restriction_lift_without_notice")
