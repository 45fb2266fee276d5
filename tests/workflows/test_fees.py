"""Fees (rules C2, C3): never for a level-1 right, paid only after the notice, no action while
announced and unpaid, and no pause of the clock."""

from __future__ import annotations

import pytest

from workflows.errors import DecisionError
from workflows.fees import (
    FeeStatus,
    check_decision_with_fee,
    check_fee_allowed,
    check_refusal_proposal_allowed,
    check_settlement,
    fee_pauses_clock,
)
from workflows.states import Outcome, Right


@pytest.mark.parametrize(("right", "dm"), [(Right.CONSENT_WITHDRAWAL, False), (Right.OBJECTION, True)])
def test_no_fee_and_no_refusal_proposal_for_a_withdrawal_or_direct_marketing_objection(right, dm):
    with pytest.raises(DecisionError) as fee:
        check_fee_allowed(right, dm)
    assert fee.value.reason.code == "fee_level_one"
    with pytest.raises(DecisionError) as refusal:
        check_refusal_proposal_allowed(right, dm)
    assert refusal.value.reason.code == "art12_5_refusal_level_one"


@pytest.mark.parametrize(("right", "dm"), [(Right.ACCESS, False), (Right.OBJECTION, False)])
def test_a_fee_can_be_proposed_for_other_rights(right, dm):
    check_fee_allowed(right, dm)
    check_refusal_proposal_allowed(right, dm)


def test_a_fee_is_settled_only_after_the_notice_and_only_once():
    with pytest.raises(DecisionError) as early:
        check_settlement(None, FeeStatus.PAID)
    assert early.value.reason.code == "fee_not_notified"
    check_settlement(FeeStatus.NOTIFIED, FeeStatus.PAID)
    check_settlement(FeeStatus.NOTIFIED, FeeStatus.WITHDRAWN)
    with pytest.raises(DecisionError) as twice:
        check_settlement(FeeStatus.PAID, FeeStatus.WAIVED)
    assert twice.value.reason.code == "fee_already_settled"
    with pytest.raises(DecisionError):
        check_settlement(FeeStatus.NOTIFIED, FeeStatus.NOTIFIED)


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.PARTLY_GRANTED])
def test_an_unpaid_fee_holds_the_action_it_pays_for(outcome):
    with pytest.raises(DecisionError) as unpaid:
        check_decision_with_fee(outcome, FeeStatus.NOTIFIED)
    assert unpaid.value.reason.code == "fee_unpaid"
    for settled in (FeeStatus.PAID, FeeStatus.WAIVED, None):
        check_decision_with_fee(outcome, settled)


def test_an_unpaid_fee_can_still_be_refused_and_never_pauses_the_clock():
    check_decision_with_fee(Outcome.REFUSED, FeeStatus.NOTIFIED)
    assert fee_pauses_clock() is False
