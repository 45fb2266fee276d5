"""Fees: when one may be charged and what an approved fee does to a right (rules C2, C3).

Handling a request is free (Art. 12(5)). A reasonable fee is possible only for further copies
(Art. 15(3)) or a manifestly unfounded or excessive request (Art. 12(5)(a)), after a written
justification and a DPO's approval (rules C3), and only once the requester was told the amount and
the reasons, so that they can withdraw the request first (rules C2; EDPB Guidelines 01/2022 §194).

Waiting for payment does not stop the clock. Rules 3.4 allow a suspension only for a question about
the requester's identity or the scope of the request, and rules.md says nothing else about a fee;
EDPB Guidelines 01/2022 (§159) likewise names only those questions as a reason to suspend the time
limit. So the due date stays where it is, and by then the right is answered: acted on once the fee
is paid or waived, withdrawn if the requester withdraws it, or refused under Art. 12(5)(b) with the
Art. 12(4) information when the fee stays unpaid (Art. 12(5) lets the controller charge *or*
refuse; the DPO already approved that the request is manifestly unfounded or excessive).
"""

from __future__ import annotations

from enum import StrEnum

from workflows.errors import DecisionError
from workflows.rights import is_level_one
from workflows.states import Outcome, Right


class FeeStatus(StrEnum):
    """Where an approved fee stands. Values are stored by the portal: never rename one."""

    NOTIFIED = "notified"  # the fee notice went out; the right waits for payment or withdrawal
    PAID = "paid"
    WITHDRAWN = "withdrawn"  # the requester withdrew the request after the notice
    WAIVED = "waived"  # we act free of charge after all


SETTLED = frozenset({FeeStatus.PAID, FeeStatus.WITHDRAWN, FeeStatus.WAIVED})
# What acting on a right means: it may not happen while its fee is announced and unpaid.
ACTING = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})


def check_fee_allowed(right: Right, direct_marketing: bool = False) -> None:
    """Never a fee for a consent withdrawal (Art. 7(3): as easy as giving consent) or an objection
    to direct marketing (Art. 21(3): no balancing, no refusal, no fee; rules 2.6)."""
    if is_level_one(right, direct_marketing):
        raise DecisionError("fee_level_one")


def check_refusal_proposal_allowed(right: Right, direct_marketing: bool = False) -> None:
    """Neither may be refused at all (Art. 7(3), 21(3)), so an Art. 12(5) refusal is not proposed."""
    if is_level_one(right, direct_marketing):
        raise DecisionError("art12_5_refusal_level_one")


def check_settlement(status: FeeStatus | None, settle_as: FeeStatus) -> None:
    """Payment, withdrawal or waiver is recorded once, and only after the notice went out: the
    requester must know the amount before paying (rules C2)."""
    if FeeStatus(settle_as) not in SETTLED:
        raise DecisionError("fee_settlement_unknown")
    if status is None:
        raise DecisionError("fee_not_notified")
    if FeeStatus(status) in SETTLED:
        raise DecisionError("fee_already_settled")


def check_decision_with_fee(outcome: Outcome, status: FeeStatus | None) -> None:
    """A right whose fee is announced and not yet paid is not acted on: the fee is charged before
    the work it pays for. Refusing it under Art. 12(5)(b) stays possible (see the module text)."""
    if status is not None and FeeStatus(status) == FeeStatus.NOTIFIED and Outcome(outcome) in ACTING:
        raise DecisionError("fee_unpaid")


def fee_pauses_clock() -> bool:
    """A fee never suspends the time limit (rules 3.4, EDPB Guidelines 01/2022 §159)."""
    return False
