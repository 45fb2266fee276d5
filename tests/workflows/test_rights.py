"""What each right's decision needs (rules.md section 2, C3, C4, 5.2, 5.5)."""

from __future__ import annotations

import pytest

from workflows.errors import DecisionError
from workflows.rights import (
    ALLOWED_GROUNDS,
    GROUND_TEXT,
    LegalGround,
    check_decision,
    legal_clock,
    requires_art19,
    verification_level,
)
from workflows.states import Outcome, Right

INFORMED = {"art12_4_info": True}
# What each right's own article allows, on top of Art. 12(5) and Art. 23 (rules 2.0).
OWN_GROUNDS = {
    Right.ACCESS: {"art_15_4"},
    Right.RECTIFICATION: {"data_accurate"},
    Right.ERASURE: {
        "no_art_17_1_ground",
        "art_17_3_a",
        "art_17_3_b",
        "art_17_3_c",
        "art_17_3_d",
        "art_17_3_e",
    },
    Right.RESTRICTION: {"no_art_18_1_ground"},
    Right.PORTABILITY: {"art_20_conditions", "art_20_3", "art_20_4"},
    Right.OBJECTION: {"art_21_1_compelling", "art_21_1_legal_claims"},
}
# What the other checks need, so each test below isolates one rule.
COMPLETE = {
    "recipients_notified": ["Payroll provider"],
    "balancing_note": "Fraud prevention outweighs the objection because ...",
    "justification": "Fifth identical request this month, all answered",
    "dpo_approved": True,
}


def test_the_stored_values_never_change():
    assert {r.value for r in Right} == {
        "access",
        "rectification",
        "erasure",
        "restriction",
        "portability",
        "objection",
        "consent_withdrawal",
    }
    assert {o.value for o in Outcome} == {
        "granted",
        "partly_granted",
        "refused",
        "no_data_held",
        "identity_not_confirmed",
        "withdrawn",
        "duplicate",
    }


def test_every_ground_names_its_article_and_belongs_to_a_right():
    assert set(GROUND_TEXT) == set(LegalGround)
    assert set().union(*ALLOWED_GROUNDS.values()) == set(LegalGround)


@pytest.mark.parametrize("right", list(OWN_GROUNDS))
def test_each_right_is_refused_only_on_its_own_grounds_or_12_5_or_23(right):
    allowed = OWN_GROUNDS[right] | {"art_12_5", "art_23_national"}
    for ground in LegalGround:
        decision = {"legal_ground": ground.value, **INFORMED, **COMPLETE}
        if ground in allowed:
            check_decision(right, Outcome.PARTLY_GRANTED, **decision)
        else:
            with pytest.raises(DecisionError, match="names its legal ground"):
                check_decision(right, Outcome.PARTLY_GRANTED, **decision)


@pytest.mark.parametrize("outcome", [Outcome.REFUSED, Outcome.PARTLY_GRANTED])
def test_a_decision_not_to_act_names_its_ground(outcome):
    with pytest.raises(DecisionError, match="names its legal ground, one of: art_12_5"):
        check_decision(Right.ERASURE, outcome, **INFORMED, **COMPLETE)


@pytest.mark.parametrize("outcome", [Outcome.REFUSED, Outcome.PARTLY_GRANTED])
def test_a_decision_not_to_act_carries_the_art_12_4_information(outcome):
    with pytest.raises(DecisionError, match=r"complain to the supervisory authority.*\(Art. 12\(4\)\)"):
        check_decision(Right.ERASURE, outcome, legal_ground="art_17_3_b", **COMPLETE)
    check_decision(Right.ERASURE, outcome, legal_ground="art_17_3_b", **INFORMED, **COMPLETE)


def test_an_art_12_5_refusal_needs_a_written_justification_and_dpo_approval():
    base = {"legal_ground": "art_12_5", **INFORMED}
    with pytest.raises(DecisionError, match="burden of proof"):
        check_decision(Right.ACCESS, Outcome.REFUSED, **base, dpo_approved=True)
    with pytest.raises(DecisionError, match="burden of proof"):
        check_decision(Right.ACCESS, Outcome.REFUSED, **base, justification="  ", dpo_approved=True)
    with pytest.raises(DecisionError, match="DPO approval"):
        check_decision(Right.ACCESS, Outcome.REFUSED, **base, justification="Fifth identical one")
    check_decision(
        Right.ACCESS,
        Outcome.REFUSED,
        **base,
        justification="Fifth identical one",
        dpo_approved=True,
    )


def test_access_is_redacted_for_the_rights_of_others_never_refused_wholesale():
    with pytest.raises(DecisionError, match=r"Recital 63"):
        check_decision(Right.ACCESS, Outcome.REFUSED, legal_ground="art_15_4", **INFORMED)
    check_decision(Right.ACCESS, Outcome.PARTLY_GRANTED, legal_ground="art_15_4", **INFORMED)


def test_an_objection_to_direct_marketing_cannot_be_refused():
    for outcome in (Outcome.REFUSED, Outcome.PARTLY_GRANTED):
        with pytest.raises(DecisionError, match=r"Art. 21\(3\)"):
            check_decision(
                Right.OBJECTION,
                outcome,
                legal_ground="art_21_1_compelling",
                direct_marketing=True,
                **INFORMED,
                **COMPLETE,
            )
    check_decision(Right.OBJECTION, Outcome.GRANTED, direct_marketing=True)


def test_consent_withdrawal_cannot_be_refused():
    for ground in (None, "art_12_5", "art_23_national"):
        for outcome in (Outcome.REFUSED, Outcome.PARTLY_GRANTED):
            with pytest.raises(DecisionError, match=r"Art. 7\(3\)"):
                check_decision(Right.CONSENT_WITHDRAWAL, outcome, legal_ground=ground, **INFORMED, **COMPLETE)
    check_decision(Right.CONSENT_WITHDRAWAL, Outcome.GRANTED)


@pytest.mark.parametrize("ground", ["art_21_1_compelling", "art_21_1_legal_claims"])
def test_an_art_21_1_refusal_writes_down_the_balancing_test(ground):
    decision = {"legal_ground": ground, **INFORMED}
    with pytest.raises(DecisionError, match="balancing"):
        check_decision(Right.OBJECTION, Outcome.REFUSED, **decision)
    with pytest.raises(DecisionError, match="balancing"):
        check_decision(Right.OBJECTION, Outcome.REFUSED, **decision, balancing_note=" ")
    check_decision(Right.OBJECTION, Outcome.REFUSED, **decision, balancing_note="Our grounds: ...")


@pytest.mark.parametrize("right", [Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION])
@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.PARTLY_GRANTED])
def test_art_19_recipients_or_a_justification_when_acting(right, outcome):
    ground = {"legal_ground": "art_12_5", "justification": "x", "dpo_approved": True, **INFORMED}
    extra = ground if outcome == Outcome.PARTLY_GRANTED else {}
    assert requires_art19(right)
    with pytest.raises(DecisionError, match="Art. 19"):
        check_decision(right, outcome, **extra)
    with pytest.raises(DecisionError, match="Art. 19"):
        check_decision(right, outcome, recipients_notified=[], art19_justification="  ", **extra)
    check_decision(right, outcome, recipients_notified=["Accounting firm"], **extra)
    check_decision(right, outcome, art19_justification="Never disclosed to anyone", **extra)


@pytest.mark.parametrize("right", [Right.RECTIFICATION, Right.ERASURE, Right.RESTRICTION])
def test_art_19_does_not_apply_when_nothing_was_changed(right):
    check_decision(right, Outcome.NO_DATA_HELD)
    check_decision(right, Outcome.WITHDRAWN)
    check_decision(right, Outcome.DUPLICATE)


@pytest.mark.parametrize(
    "right", [Right.ACCESS, Right.PORTABILITY, Right.OBJECTION, Right.CONSENT_WITHDRAWAL]
)
def test_rights_without_an_art_19_step(right):
    assert not requires_art19(right)
    check_decision(right, Outcome.GRANTED)


def test_no_data_held_is_an_answer_not_a_refusal():
    check_decision(Right.ACCESS, Outcome.NO_DATA_HELD)


def test_identity_not_confirmed_carries_the_art_12_4_information():
    with pytest.raises(DecisionError, match="rules 5.5"):
        check_decision(Right.ACCESS, Outcome.IDENTITY_NOT_CONFIRMED)
    check_decision(Right.ACCESS, Outcome.IDENTITY_NOT_CONFIRMED, **INFORMED)


def test_values_are_accepted_as_plain_strings():
    check_decision("erasure", "partly_granted", legal_ground="art_17_3_e", **INFORMED, **COMPLETE)
    with pytest.raises(ValueError, match="'forgotten'"):
        check_decision("forgotten", "granted")


@pytest.mark.parametrize(
    ("right", "direct_marketing", "level"),
    [
        (Right.CONSENT_WITHDRAWAL, False, 1),
        (Right.OBJECTION, True, 1),
        (Right.OBJECTION, False, 2),
        (Right.ACCESS, False, 2),
        (Right.RECTIFICATION, False, 2),
        (Right.ERASURE, False, 2),
        (Right.RESTRICTION, False, 2),
        (Right.PORTABILITY, False, 2),
    ],
)
def test_verification_ladder_entry_levels(right, direct_marketing, level):
    assert verification_level(right, direct_marketing=direct_marketing) == level


def test_legal_clocks():
    assert legal_clock(Right.CONSENT_WITHDRAWAL) == "two_working_days"
    for right in set(Right) - {Right.CONSENT_WITHDRAWAL}:
        assert legal_clock(right) == "one_month"
