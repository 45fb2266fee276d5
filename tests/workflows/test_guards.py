"""The legal guards around the clocks: each test fails when its guard is removed (issue 12)."""

from __future__ import annotations

from datetime import date

import pytest

from workflows.calendars import Calendar
from workflows.errors import DecisionError, IllegalMove
from workflows.processor import acknowledgement_template
from workflows.restriction import RestrictionGround, check_lift, check_restrict
from workflows.rights import (
    check_access_information,
    check_decision,
    check_identity_question,
    check_late_refusal,
    check_reclassification,
    check_unverified_decision,
    id_copy_allowed,
)
from workflows.states import CaseRole, CaseState, Move, Outcome, Right, StaffRole
from workflows.suppression import suppression_scope
from workflows.sweep import ClockFacts, Notice, notices_due
from workflows.transitions import CaseSnapshot, apply_move, available

R, OUT = Right, Outcome
LEVEL_ONE = [(R.CONSENT_WITHDRAWAL, False), (R.OBJECTION, True)]
OTHERS = [(R.ACCESS, False), (R.ERASURE, False), (R.OBJECTION, False), (R.PORTABILITY, False)]


@pytest.mark.parametrize(("right", "direct_marketing"), LEVEL_ONE)
def test_a_level_one_right_is_never_decided_as_identity_not_confirmed(right, direct_marketing):
    # Art. 7(3), 21(3): it needs no identity check, so "not confirmed" would be a refusal in disguise.
    with pytest.raises(DecisionError) as refused:
        check_decision(
            right, OUT.IDENTITY_NOT_CONFIRMED, art12_4_info=True, direct_marketing=direct_marketing
        )
    assert refused.value.reason.code == "identity_refusal_level_one"


def test_other_rights_can_be_answered_as_identity_not_confirmed():
    check_decision(R.ACCESS, OUT.IDENTITY_NOT_CONFIRMED, art12_4_info=True)
    check_decision(R.OBJECTION, OUT.IDENTITY_NOT_CONFIRMED, art12_4_info=True, direct_marketing=False)


@pytest.mark.parametrize(("right", "direct_marketing"), LEVEL_ONE)
def test_no_id_copy_to_withdraw_consent_or_stop_direct_marketing(right, direct_marketing):
    # GBA/APD decision 145/2022.
    assert not id_copy_allowed(right, direct_marketing)


@pytest.mark.parametrize(("right", "direct_marketing"), OTHERS)
def test_an_id_copy_stays_possible_for_the_other_rights(right, direct_marketing):
    assert id_copy_allowed(right, direct_marketing)


def test_no_identity_pause_when_every_right_is_level_one():
    with pytest.raises(DecisionError) as refused:
        check_identity_question(LEVEL_ONE)
    assert refused.value.reason.code == "identity_question_level_one"
    with pytest.raises(DecisionError):
        check_identity_question([(R.CONSENT_WITHDRAWAL, False)])


def test_an_identity_pause_is_possible_for_a_right_that_has_a_check():
    check_identity_question([(R.CONSENT_WITHDRAWAL, False), (R.ACCESS, False)])
    check_identity_question([(R.OBJECTION, False)])


@pytest.mark.parametrize(("right", "direct_marketing"), OTHERS)
@pytest.mark.parametrize("outcome", [OUT.GRANTED, OUT.PARTLY_GRANTED, OUT.REFUSED, OUT.NO_DATA_HELD])
def test_while_unverified_only_identity_not_confirmed_is_decided(right, direct_marketing, outcome):
    # Rules 5.5: disclose, change or delete nothing for an unverified requester.
    with pytest.raises(DecisionError) as refused:
        check_unverified_decision(right, outcome, direct_marketing)
    assert refused.value.reason.code == "unverified_only_identity_outcome"
    check_unverified_decision(right, OUT.IDENTITY_NOT_CONFIRMED, direct_marketing)


@pytest.mark.parametrize(("right", "direct_marketing"), LEVEL_ONE)
def test_a_level_one_right_takes_effect_without_waiting_for_verification(right, direct_marketing):
    check_unverified_decision(right, OUT.GRANTED, direct_marketing)


@pytest.mark.parametrize("outcome", [OUT.GRANTED, OUT.PARTLY_GRANTED])
def test_an_access_answer_needs_the_art_15_information(outcome):
    with pytest.raises(DecisionError) as refused:
        check_access_information([(R.ERASURE, OUT.GRANTED), (R.ACCESS, outcome)], has_information=False)
    assert refused.value.reason.code == "access_without_art15_information"
    check_access_information([(R.ACCESS, outcome)], has_information=True)


def test_answers_without_a_copy_of_the_data_need_no_record():
    for outcome in (OUT.NO_DATA_HELD, OUT.IDENTITY_NOT_CONFIRMED, OUT.REFUSED):
        check_access_information([(R.ACCESS, outcome)], has_information=False)
    check_access_information([(R.ERASURE, OUT.GRANTED)], has_information=False)


def test_a_case_of_level_one_rights_only_is_not_extended():
    # Rules 2.6-2.7: stopping direct marketing or withdrawing consent takes effect without delay.
    for state in (CaseState.IN_PROGRESS, CaseState.AWAITING_VERIFICATION):
        case = CaseSnapshot(state, only_level_one_rights=True)
        with pytest.raises(IllegalMove) as refused:
            apply_move(case, Move.EXTEND, StaffRole.DPO)
        assert refused.value.reason.code == "extension_level_one"
        assert Move.EXTEND not in available(case, StaffRole.DPO)
    assert apply_move(CaseSnapshot(CaseState.IN_PROGRESS), Move.EXTEND, StaffRole.DPO) == CaseState.EXTENDED


def test_a_processor_sends_only_a_neutral_receipt():
    # Rules P1, P4: no answer date of our own, no client named.
    assert acknowledgement_template(CaseRole.PROCESSOR) == "receipt_neutral"
    assert acknowledgement_template(CaseRole.CONTROLLER) == "acknowledgement"


def test_a_restriction_names_its_art_18_1_ground():
    assert check_restrict("objection_pending") == RestrictionGround.OBJECTION_PENDING
    for missing in (None, "", "because"):
        with pytest.raises(DecisionError) as refused:
            check_restrict(missing)
        assert refused.value.reason.code == "restriction_without_ground"


def test_a_restriction_is_lifted_only_after_the_data_subject_was_told():
    # Art. 18(3).
    with pytest.raises(DecisionError) as refused:
        check_lift(restricted=True, lifted=False, notice_sent=False)
    assert refused.value.reason.code == "restriction_lift_without_notice"
    check_lift(restricted=True, lifted=False, notice_sent=True)
    for restricted, lifted in ((False, False), (True, True)):
        with pytest.raises(DecisionError):
            check_lift(restricted=restricted, lifted=lifted, notice_sent=True)


def test_the_suppression_list_takes_granted_direct_marketing_objections_and_withdrawals():
    assert suppression_scope(R.OBJECTION, OUT.GRANTED, direct_marketing=True) == "direct_marketing"
    assert suppression_scope(R.CONSENT_WITHDRAWAL, OUT.GRANTED) == "consent_withdrawn"
    assert suppression_scope(R.OBJECTION, OUT.GRANTED, direct_marketing=False) is None
    assert suppression_scope(R.ERASURE, OUT.GRANTED) is None
    assert suppression_scope(R.CONSENT_WITHDRAWAL, None) is None


def test_the_sweep_alerts_when_a_withdrawal_is_not_in_effect_after_two_working_days():
    # Rules 2.7: received Thu 5 Mar 2026 -> effective by Mon 9 Mar, even while the case waits.
    cal = Calendar.for_country("BE")
    facts = ClockFacts(CaseState.AWAITING_VERIFICATION, date(2026, 4, 7), withdrawal_due=date(2026, 3, 9))
    assert notices_due(facts, date(2026, 3, 9), cal) == []
    assert notices_due(facts, date(2026, 3, 10), cal) == [
        Notice("withdrawal_overdue", "withdrawal_overdue:2026-03-09")
    ]
    decided = ClockFacts(CaseState.AWAITING_VERIFICATION, date(2026, 4, 7))
    assert notices_due(decided, date(2026, 3, 10), cal) == []


def test_staff_reclassify_an_undecided_objection_as_direct_marketing_with_a_reason():
    check_reclassification(R.OBJECTION, False, False, "Newsletter complaint")
    for right, dm, decided, reason, code in [
        (R.OBJECTION, False, False, "  ", "reclassify_without_reason"),
        (R.OBJECTION, True, False, "x", "reclassify_not_objection"),
        (R.ERASURE, False, False, "x", "reclassify_not_objection"),
        (R.OBJECTION, False, True, "x", "reclassify_decided"),
    ]:
        with pytest.raises(DecisionError) as refused:
            check_reclassification(right, dm, decided, reason)
        assert refused.value.reason.code == code


def test_a_late_refusal_of_an_extended_case_needs_a_confirmation():
    due = date(2026, 3, 2)
    with pytest.raises(DecisionError) as refused:
        check_late_refusal(True, date(2026, 3, 3), due, confirmed=False)
    assert refused.value.reason.code == "late_refusal_unconfirmed"
    check_late_refusal(True, date(2026, 3, 3), due, confirmed=True)
    check_late_refusal(True, due, due, confirmed=False)  # on the date itself: in time
    check_late_refusal(False, date(2026, 3, 3), due, confirmed=False)  # not extended: the clock guards it
