"""What each right's decision needs (rules.md section 2)."""

from __future__ import annotations

import pytest

from workflows.errors import DecisionError
from workflows.rights import check_decision, legal_clock, requires_art19, verification_level
from workflows.states import Outcome, Right


def test_a_refusal_names_an_allowed_ground_and_carries_the_art_12_4_information():
    with pytest.raises(DecisionError, match="names its legal ground"):
        check_decision(Right.ACCESS, Outcome.REFUSED, art12_4_info=True)
    with pytest.raises(DecisionError, match="names its legal ground"):
        check_decision(Right.ACCESS, Outcome.REFUSED, legal_ground="art_17_3_e", art12_4_info=True)
    with pytest.raises(DecisionError, match=r"Art. 12\(4\)"):
        check_decision(
            Right.ERASURE, Outcome.PARTLY_GRANTED, legal_ground="art_17_3_b", recipients_notified=["X"]
        )
    check_decision(
        Right.ERASURE,
        Outcome.PARTLY_GRANTED,
        legal_ground="art_17_3_b",
        art12_4_info=True,
        recipients_notified=["X"],
    )


def test_an_art_12_5_refusal_needs_a_justification_and_dpo_approval():
    base = {"legal_ground": "art_12_5", "art12_4_info": True}
    with pytest.raises(DecisionError, match="burden of proof"):
        check_decision(Right.ACCESS, Outcome.REFUSED, **base, dpo_approved=True)
    with pytest.raises(DecisionError, match="DPO approval"):
        check_decision(
            Right.ACCESS, Outcome.REFUSED, **base, justification="Fifth identical request this month"
        )
    check_decision(
        Right.ACCESS, Outcome.REFUSED, **base, justification="Fifth identical request", dpo_approved=True
    )


def test_direct_marketing_objections_and_consent_withdrawals_cannot_be_refused():
    with pytest.raises(DecisionError, match=r"Art. 21\(3\)"):
        check_decision(
            Right.OBJECTION,
            Outcome.REFUSED,
            legal_ground="art_21_1_compelling",
            art12_4_info=True,
            direct_marketing=True,
        )
    with pytest.raises(DecisionError, match=r"Art. 7\(3\)"):
        check_decision(Right.CONSENT_WITHDRAWAL, Outcome.REFUSED, legal_ground="art_12_5", art12_4_info=True)


def test_a_21_1_refusal_writes_down_the_balancing_test():
    args = {"legal_ground": "art_21_1_compelling", "art12_4_info": True}
    with pytest.raises(DecisionError, match="balancing"):
        check_decision(Right.OBJECTION, Outcome.REFUSED, **args)
    check_decision(Right.OBJECTION, Outcome.REFUSED, **args, balancing_note="Fraud prevention outweighs ...")


@pytest.mark.parametrize("right", [Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION])
def test_art_19_recipients_or_a_justification_for_rectification_erasure_restriction(right):
    assert requires_art19(right)
    with pytest.raises(DecisionError, match="Art. 19"):
        check_decision(right, Outcome.GRANTED)
    check_decision(right, Outcome.GRANTED, recipients_notified=["Accounting firm"])
    check_decision(right, Outcome.GRANTED, art19_justification="Never disclosed to anyone")


def test_access_portability_and_objection_need_no_art_19_step():
    for right in (Right.ACCESS, Right.PORTABILITY, Right.OBJECTION, Right.CONSENT_WITHDRAWAL):
        assert not requires_art19(right)
        check_decision(right, Outcome.GRANTED)


def test_no_data_held_is_an_answer_not_a_refusal():
    check_decision(Right.ACCESS, Outcome.NO_DATA_HELD)


def test_identity_not_confirmed_carries_the_art_12_4_information():
    with pytest.raises(DecisionError, match="rules 5.5"):
        check_decision(Right.ACCESS, Outcome.IDENTITY_NOT_CONFIRMED)
    check_decision(Right.ACCESS, Outcome.IDENTITY_NOT_CONFIRMED, art12_4_info=True)


def test_verification_ladder_entry_levels_and_clocks():
    assert verification_level(Right.CONSENT_WITHDRAWAL) == 1
    assert verification_level(Right.OBJECTION, direct_marketing=True) == 1
    assert verification_level(Right.OBJECTION) == 2
    assert verification_level(Right.ACCESS) == 2
    assert legal_clock(Right.CONSENT_WITHDRAWAL) == "two_working_days"
    assert legal_clock(Right.ERASURE) == "one_month"
