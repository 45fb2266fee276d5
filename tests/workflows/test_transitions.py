"""The case state machine: legal moves per state and role, with the reason for every refusal."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from workflows.errors import IllegalMove
from workflows.states import CaseRole, CaseState, Move, StaffRole
from workflows.transitions import TABLE, CaseSnapshot, apply_move, available

S, M = CaseState, Move
CONTROLLER, PROCESSOR = CaseRole.CONTROLLER, CaseRole.PROCESSOR
HANDLER = StaffRole.HANDLER
STAFF_WHO_ACT = (StaffRole.ADMIN, StaffRole.DPO, StaffRole.HANDLER)

SNAPSHOTS = [
    CaseSnapshot(state, role, extended, instructed, decided, identity)
    for state, role, extended, instructed, decided, identity in itertools.product(
        CaseState, CaseRole, *[(False, True)] * 4
    )
]


def test_the_stored_values_never_change():
    assert [s.value for s in CaseState] == [
        "received",
        "awaiting_verification",
        "in_progress",
        "awaiting_information",
        "extended",
        "forwarded",
        "answered",
        "closed",
    ]
    assert {r.value for r in StaffRole} == {"admin", "dpo", "handler", "auditor"}
    assert {r.value for r in CaseRole} == {"controller", "processor"}


class TestController:
    def test_a_confirmed_identity_goes_to_work(self):
        assert apply_move(S.AWAITING_VERIFICATION, M.CONFIRM_IDENTITY, HANDLER) == S.IN_PROGRESS

    def test_a_request_that_needs_no_verification_starts_straight_away(self):
        assert apply_move(S.RECEIVED, M.START_WORK, HANDLER) == S.IN_PROGRESS

    def test_an_answer_needs_a_decision_on_every_right(self):
        with pytest.raises(IllegalMove, match="every right in the request needs a decision"):
            apply_move(S.IN_PROGRESS, M.ANSWER, HANDLER)
        decided = CaseSnapshot(S.EXTENDED, extended=True, all_subrequests_decided=True)
        assert apply_move(decided, M.ANSWER, HANDLER) == S.ANSWERED

    def test_deciding_keeps_the_case_where_it_is(self):
        assert apply_move(S.IN_PROGRESS, M.DECIDE, HANDLER) == S.IN_PROGRESS
        assert apply_move(S.EXTENDED, M.DECIDE, HANDLER) == S.EXTENDED

    def test_an_answered_case_can_only_be_closed(self):
        for role in STAFF_WHO_ACT:
            assert available(S.ANSWERED, role) == [M.CLOSE]
        assert apply_move(S.ANSWERED, M.CLOSE, HANDLER) == S.CLOSED

    def test_an_unverified_request_is_answered_not_closed_in_silence(self):
        # Rules 5.5 and C4: the Art. 12(4) answer goes out; there is no silent closure.
        with pytest.raises(
            IllegalMove, match="'close' is not possible while the case is 'awaiting_verification'"
        ):
            apply_move(S.AWAITING_VERIFICATION, M.CLOSE, HANDLER)
        assert apply_move(S.AWAITING_VERIFICATION, M.DECIDE, HANDLER) == S.AWAITING_VERIFICATION
        decided = CaseSnapshot(S.AWAITING_VERIFICATION, all_subrequests_decided=True)
        assert apply_move(decided, M.ANSWER, HANDLER) == S.ANSWERED

    def test_a_question_is_closed_only_after_30_days_without_an_answer(self):
        # Rules 3.4: the no-answer rule; the portal sends the closing letter.
        for waited in (None, 0, 1, 3, 29):
            waiting = CaseSnapshot(S.AWAITING_INFORMATION, days_waiting_for_information=waited)
            with pytest.raises(IllegalMove, match="only after 30 days without an answer") as refused:
                apply_move(waiting, M.CLOSE, HANDLER)
            assert refused.value.reason.code == "close_before_no_answer_period"
        for waited in (30, 45):
            waiting = CaseSnapshot(S.AWAITING_INFORMATION, days_waiting_for_information=waited)
            assert apply_move(waiting, M.CLOSE, HANDLER) == S.CLOSED

    def test_nothing_happens_to_a_closed_case(self):
        for role in StaffRole:
            assert available(S.CLOSED, role) == []
        with pytest.raises(IllegalMove, match="not possible while the case is 'closed'"):
            apply_move(S.CLOSED, M.WITHDRAW, StaffRole.ADMIN)

    def test_a_withdrawal_or_a_duplicate_closes_an_open_case(self):
        for state in (S.RECEIVED, S.AWAITING_INFORMATION, S.EXTENDED):
            assert apply_move(state, M.WITHDRAW, HANDLER) == S.CLOSED
            assert apply_move(state, M.MARK_DUPLICATE, HANDLER) == S.CLOSED


class TestClock:
    def test_the_deadline_is_extended_once(self):
        assert apply_move(S.IN_PROGRESS, M.EXTEND, StaffRole.DPO) == S.EXTENDED
        with pytest.raises(IllegalMove, match=r"already extended once \(Art. 12\(3\)\)"):
            apply_move(CaseSnapshot(S.EXTENDED, extended=True), M.EXTEND, StaffRole.DPO)
        with pytest.raises(IllegalMove, match="already extended once"):
            apply_move(CaseSnapshot(S.IN_PROGRESS, extended=True), M.EXTEND, StaffRole.DPO)

    def test_an_extension_while_waiting_keeps_the_case_waiting(self):
        # Art. 12(3) asks only for the notice within the month; waiting for the requester does not
        # take that away, and an extension does not confirm anyone's identity.
        assert apply_move(S.AWAITING_VERIFICATION, M.EXTEND, HANDLER) == S.AWAITING_VERIFICATION
        assert apply_move(S.AWAITING_INFORMATION, M.EXTEND, HANDLER) == S.AWAITING_INFORMATION

    def test_information_resumes_where_the_case_was(self):
        assert apply_move(S.AWAITING_INFORMATION, M.RECEIVE_INFORMATION, HANDLER) == S.IN_PROGRESS
        extended = CaseSnapshot(S.AWAITING_INFORMATION, extended=True)
        assert apply_move(extended, M.RECEIVE_INFORMATION, HANDLER) == S.EXTENDED
        doubt = CaseSnapshot(S.AWAITING_INFORMATION, extended=True, identity_confirmed=False)
        assert apply_move(doubt, M.RECEIVE_INFORMATION, HANDLER) == S.AWAITING_VERIFICATION

    def test_a_confirmed_identity_keeps_an_extension(self):
        extended = CaseSnapshot(S.AWAITING_VERIFICATION, extended=True, identity_confirmed=False)
        assert apply_move(extended, M.CONFIRM_IDENTITY, HANDLER) == S.EXTENDED

    def test_information_can_be_asked_while_working_but_not_twice_at_once(self):
        for state in (S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.EXTENDED):
            assert apply_move(state, M.REQUEST_INFORMATION, HANDLER) == S.AWAITING_INFORMATION
        with pytest.raises(IllegalMove, match="'awaiting_information'"):
            apply_move(S.AWAITING_INFORMATION, M.REQUEST_INFORMATION, HANDLER)


class TestProcessor:
    def test_a_processor_forwards_instead_of_deciding(self):
        received = CaseSnapshot(S.RECEIVED, PROCESSOR)
        assert M.FORWARD in available(received, HANDLER)
        assert apply_move(received, M.FORWARD, HANDLER) == S.FORWARDED
        with pytest.raises(
            IllegalMove,
            match=r"a processor does not decide on a request; forward it to the client controller "
            r"\(Art. 28\(3\)\(e\)\)",
        ):
            apply_move(CaseSnapshot(S.IN_PROGRESS, PROCESSOR), M.DECIDE, StaffRole.DPO)

    def test_the_controllers_clock_is_not_the_processors_to_extend(self):
        with pytest.raises(IllegalMove, match="only the client controller can extend"):
            apply_move(CaseSnapshot(S.IN_PROGRESS, PROCESSOR), M.EXTEND, StaffRole.DPO)

    def test_no_answer_before_the_controllers_instruction(self):
        waiting = CaseSnapshot(S.FORWARDED, PROCESSOR)
        with pytest.raises(
            IllegalMove,
            match=r"no disclosure to the data subject before the client controller's instruction "
            r"is recorded \(DPA art. 9.5\)",
        ):
            apply_move(waiting, M.ANSWER, HANDLER)
        assert M.ANSWER not in available(waiting, HANDLER)
        instructed = replace(
            waiting, controller_instruction_recorded=True, controller_instruction="processor_answers"
        )
        assert apply_move(instructed, M.ANSWER, HANDLER) == S.ANSWERED

    @pytest.mark.parametrize(
        "instruction", ["controller_answers", "processor_exports", "processor_executes", "no_data_held", None]
    )
    def test_only_an_instruction_to_answer_for_the_client_lets_our_answer_out(self, instruction):
        # DPA art. 9.5: disclosure only on the client's instruction and only what it covers.
        instructed = CaseSnapshot(
            S.FORWARDED, PROCESSOR, controller_instruction_recorded=True, controller_instruction=instruction
        )
        with pytest.raises(IllegalMove, match="did not instruct us to answer") as refused:
            apply_move(instructed, M.ANSWER, HANDLER)
        assert refused.value.reason.code == "processor_answer_not_instructed"
        assert M.ANSWER not in available(instructed, HANDLER)

    def test_a_forwarded_case_closes_on_the_controllers_instruction(self):
        waiting = CaseSnapshot(S.FORWARDED, PROCESSOR)
        with pytest.raises(IllegalMove, match="closed only on the client controller's"):
            apply_move(waiting, M.CLOSE, HANDLER)
        instructed = replace(waiting, controller_instruction_recorded=True)
        assert apply_move(instructed, M.CLOSE, HANDLER) == S.CLOSED

    def test_acknowledgement_and_instruction_are_recorded_without_a_state_change(self):
        forwarded = CaseSnapshot(S.FORWARDED, PROCESSOR)
        for move in (M.RECORD_CONTROLLER_ACKNOWLEDGEMENT, M.RECORD_CONTROLLER_INSTRUCTION):
            assert apply_move(forwarded, move, HANDLER) == S.FORWARDED

    def test_a_processor_case_never_decides_in_any_state(self):
        for snapshot in SNAPSHOTS:
            if snapshot.case_role == PROCESSOR:
                assert M.DECIDE not in available(snapshot, StaffRole.ADMIN)


@pytest.mark.parametrize(
    ("case", "move", "role", "reason"),
    [
        (S.IN_PROGRESS, M.DECIDE, StaffRole.AUDITOR, "an auditor cannot change a case"),
        (S.RECEIVED, M.FORWARD, StaffRole.AUDITOR, "an auditor cannot change a case"),
        (S.IN_PROGRESS, M.FORWARD, HANDLER, "only a processor forwards"),
        (S.IN_PROGRESS, M.RECORD_CONTROLLER_INSTRUCTION, HANDLER, "only a processor case"),
        (S.RECEIVED, M.DECIDE, HANDLER, "'decide' is not possible while the case is 'received'"),
        (S.AWAITING_VERIFICATION, M.ANSWER, HANDLER, "every right in the request needs a decision"),
        (S.AWAITING_VERIFICATION, M.CLOSE, HANDLER, "not possible while"),
        (S.AWAITING_INFORMATION, M.DECIDE, HANDLER, "not possible while"),
        (S.IN_PROGRESS, M.CONFIRM_IDENTITY, HANDLER, "not possible while"),
        (S.IN_PROGRESS, M.RECEIVE_INFORMATION, HANDLER, "not possible while"),
        (S.IN_PROGRESS, M.CLOSE, HANDLER, "not possible while"),
        (S.ANSWERED, M.WITHDRAW, HANDLER, "not possible while"),
        (CaseSnapshot(S.RECEIVED, PROCESSOR), M.START_WORK, HANDLER, "forward it to the client"),
        (CaseSnapshot(S.IN_PROGRESS, PROCESSOR), M.REQUEST_INFORMATION, HANDLER, "Art. 28(3)(e)"),
        (CaseSnapshot(S.IN_PROGRESS, PROCESSOR), M.ANSWER, HANDLER, "not possible while"),
        (CaseSnapshot(S.FORWARDED, PROCESSOR), M.FORWARD, HANDLER, "not possible while"),
    ],
)
def test_illegal_moves_say_why(case, move, role, reason):
    with pytest.raises(IllegalMove) as refused:
        apply_move(case, move, role)
    assert reason in str(refused.value)


def test_an_auditor_has_no_moves_anywhere():
    for snapshot in SNAPSHOTS:
        assert available(snapshot, StaffRole.AUDITOR) == []


@pytest.mark.parametrize("role", list(StaffRole))
def test_available_lists_exactly_the_moves_that_apply(role):
    for snapshot in SNAPSHOTS:
        offered = set(available(snapshot, role))
        for move in Move:
            try:
                new_state = apply_move(snapshot, move, role)
            except IllegalMove as refusal:
                assert str(refusal), "every refusal says why"
                assert move not in offered, (snapshot, move, role)
            else:
                assert move in offered, (snapshot, move, role)
                assert isinstance(new_state, CaseState)


def test_the_table_is_data_over_known_states_and_moves():
    assert TABLE, "a table, not a chain of conditions"
    for (state, move), step in TABLE.items():
        assert isinstance(state, CaseState) and isinstance(move, Move)
        assert step.case_roles
    assert not [key for key in TABLE if key[0] == S.CLOSED], "closed is final"


@pytest.mark.parametrize("case_role", list(CaseRole))
def test_every_open_state_can_reach_closed(case_role):
    """No dead ends: whatever happens, a case can be brought to an end."""
    edges: dict[CaseState, set[CaseState]] = {state: set() for state in CaseState}
    for snapshot in SNAPSHOTS:
        if snapshot.case_role != case_role:
            continue
        for move in available(snapshot, HANDLER):
            edges[snapshot.state].add(apply_move(snapshot, move, HANDLER))
    for start in set(CaseState) - {S.CLOSED}:
        seen, frontier = {start}, [start]
        while frontier:
            for following in edges[frontier.pop()] - seen:
                seen.add(following)
                frontier.append(following)
        assert S.CLOSED in seen, start
