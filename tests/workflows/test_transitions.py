"""The case state machine: legal moves per state and role, with the reason for every refusal."""

from __future__ import annotations

import itertools

import pytest

from workflows.errors import IllegalMove
from workflows.states import CaseRole, CaseState, Move, StaffRole
from workflows.transitions import CaseSnapshot, apply_move, available

CONTROLLER = CaseRole.CONTROLLER
PROCESSOR = CaseRole.PROCESSOR


def test_a_confirmed_request_goes_to_work():
    assert (
        apply_move(CaseState.AWAITING_VERIFICATION, Move.CONFIRM_IDENTITY, StaffRole.HANDLER)
        == CaseState.IN_PROGRESS
    )


def test_an_auditor_has_no_moves_and_is_told_why():
    assert available(CaseState.IN_PROGRESS, StaffRole.AUDITOR) == []
    with pytest.raises(IllegalMove, match="an auditor cannot change a case"):
        apply_move(CaseState.IN_PROGRESS, Move.DECIDE, StaffRole.AUDITOR)


def test_a_processor_does_not_decide_and_forwards_instead():
    case = CaseSnapshot(CaseState.RECEIVED, PROCESSOR)
    with pytest.raises(IllegalMove, match=r"forward it to the client controller \(Art. 28\(3\)\(e\)\)"):
        apply_move(CaseSnapshot(CaseState.IN_PROGRESS, PROCESSOR), Move.DECIDE, StaffRole.DPO)
    assert Move.FORWARD in available(case, StaffRole.HANDLER)
    assert Move.EXTEND not in available(case, StaffRole.HANDLER)
    assert apply_move(case, Move.FORWARD, StaffRole.HANDLER) == CaseState.FORWARDED


def test_a_controller_does_not_forward():
    with pytest.raises(IllegalMove, match="only a processor forwards"):
        apply_move(CaseState.IN_PROGRESS, Move.FORWARD, StaffRole.ADMIN)


def test_a_processor_answers_only_on_the_controllers_instruction():
    waiting = CaseSnapshot(CaseState.FORWARDED, PROCESSOR)
    with pytest.raises(IllegalMove, match=r"instruction is recorded \(DPA art. 9.5\)"):
        apply_move(waiting, Move.ANSWER, StaffRole.HANDLER)
    instructed = CaseSnapshot(CaseState.FORWARDED, PROCESSOR, controller_instruction_recorded=True)
    assert apply_move(instructed, Move.ANSWER, StaffRole.HANDLER) == CaseState.ANSWERED


def test_an_answer_needs_a_decision_on_every_right():
    with pytest.raises(IllegalMove, match="every right"):
        apply_move(CaseState.IN_PROGRESS, Move.ANSWER, StaffRole.HANDLER)
    decided = CaseSnapshot(CaseState.IN_PROGRESS, all_subrequests_decided=True)
    assert apply_move(decided, Move.ANSWER, StaffRole.HANDLER) == CaseState.ANSWERED


def test_extension_happens_once_and_information_resumes_to_the_extended_state():
    with pytest.raises(IllegalMove, match="already extended once"):
        apply_move(CaseSnapshot(CaseState.IN_PROGRESS, extended=True), Move.EXTEND, StaffRole.DPO)
    paused = CaseSnapshot(CaseState.AWAITING_INFORMATION, extended=True)
    assert apply_move(paused, Move.RECEIVE_INFORMATION, StaffRole.HANDLER) == CaseState.EXTENDED
    assert apply_move(CaseState.AWAITING_INFORMATION, Move.RECEIVE_INFORMATION, StaffRole.HANDLER) == (
        CaseState.IN_PROGRESS
    )


def test_nothing_but_nothing_happens_to_a_closed_case():
    for role in (StaffRole.ADMIN, StaffRole.DPO, StaffRole.HANDLER):
        assert available(CaseState.CLOSED, role) == []
    with pytest.raises(IllegalMove, match="while the case is 'closed'"):
        apply_move(CaseState.CLOSED, Move.WITHDRAW, StaffRole.ADMIN)


SNAPSHOTS = [
    CaseSnapshot(state, role, extended, instructed, decided)
    for state, role, extended, instructed, decided in itertools.product(
        CaseState, CaseRole, (False, True), (False, True), (False, True)
    )
]


@pytest.mark.parametrize("role", list(StaffRole))
def test_available_lists_exactly_the_moves_that_apply(role):
    for snapshot in SNAPSHOTS:
        offered = set(available(snapshot, role))
        for move in Move:
            try:
                apply_move(snapshot, move, role)
                allowed = True
            except IllegalMove as refusal:
                assert str(refusal), "every refusal says why"
                allowed = False
            assert allowed == (move in offered), (snapshot, move, role)
