"""Duplicates and spam in the pure rules: flagged, never merged; closed only when the law allows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from workflows.duplicates import RequestFacts, check_duplicate, duplicate_refusal, is_possible_duplicate
from workflows.errors import IllegalMove
from workflows.states import CaseRole, CaseState, Move, StaffRole
from workflows.transitions import CaseSnapshot, apply_move, available

S, M, HANDLER = CaseState, Move, StaffRole.HANDLER
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
ORIGINAL = RequestFacts("AAAA-0001", "An@Example.org", frozenset({"access", "erasure"}), AT, S.IN_PROGRESS)
REPEAT = RequestFacts("AAAA-0002", "an@example.org ", frozenset({"access"}), AT + timedelta(days=3))


class TestDetection:
    def test_same_address_in_any_case_and_a_right_in_common_within_the_window(self):
        assert is_possible_duplicate(REPEAT, ORIGINAL, window_days=30)

    def test_outside_the_window_or_another_right_or_person_is_not_flagged(self):
        assert not is_possible_duplicate(replace(REPEAT, received_at=AT + timedelta(days=31)), ORIGINAL, 30)
        assert is_possible_duplicate(replace(REPEAT, received_at=AT + timedelta(days=30)), ORIGINAL, 30)
        assert not is_possible_duplicate(replace(REPEAT, rights=frozenset({"objection"})), ORIGINAL, 30)
        assert not is_possible_duplicate(replace(REPEAT, email="bo@example.org"), ORIGINAL, 30)

    def test_a_case_is_not_its_own_duplicate(self):
        assert not is_possible_duplicate(ORIGINAL, ORIGINAL, 30)

    def test_a_backdated_registration_still_finds_the_later_case(self):
        earlier = replace(REPEAT, received_at=AT - timedelta(days=5))
        assert is_possible_duplicate(earlier, ORIGINAL, 30)


class TestClosingAsDuplicate:
    def test_allowed_when_the_other_case_answers_the_same_request(self):
        assert duplicate_refusal(REPEAT, ORIGINAL) is None

    @pytest.mark.parametrize(
        ("change", "reason"),
        [
            ({"email": "bo@example.org"}, "another requester"),
            ({"rights": frozenset({"access", "portability"})}, "does not cover portability"),
            ({"role": "processor", "client_controller_id": 3}, "another controller or role"),
            ({"reference": "AAAA-0001"}, "duplicate of itself"),
        ],
    )
    def test_refused_when_something_would_go_unanswered(self, change, reason):
        with pytest.raises(IllegalMove, match=reason):
            check_duplicate(replace(REPEAT, **change), ORIGINAL)

    @pytest.mark.parametrize("state", [S.ANSWERED, S.CLOSED])
    def test_a_repeat_after_the_answer_is_a_new_request(self, state):
        # Art. 12(5) "repetitive" is the DPO's decision with the Art. 12(4) information, not a duplicate.
        assert "Art. 12(5)" in duplicate_refusal(REPEAT, replace(ORIGINAL, state=state))

    def test_the_move_closes_any_open_case(self):
        for state in (S.RECEIVED, S.AWAITING_VERIFICATION, S.IN_PROGRESS, S.EXTENDED, S.FORWARDED):
            role = CaseRole.PROCESSOR if state == S.FORWARDED else CaseRole.CONTROLLER
            snapshot = CaseSnapshot(state, case_role=role)
            assert apply_move(snapshot, M.MARK_DUPLICATE, HANDLER) == S.CLOSED


class TestSpam:
    ANONYMOUS = CaseSnapshot(S.AWAITING_VERIFICATION, identifiable_requester=False)

    def test_an_unconfirmed_web_submission_can_be_closed_as_spam(self):
        assert apply_move(self.ANONYMOUS, M.MARK_SPAM, HANDLER) == S.CLOSED
        assert M.MARK_SPAM in available(replace(self.ANONYMOUS, state=S.RECEIVED), HANDLER)

    def test_an_identifiable_requester_gets_an_answer_not_a_spam_label(self):
        with pytest.raises(IllegalMove, match=r"Art. 12\(5\) with the Art. 12\(4\) information"):
            apply_move(CaseSnapshot(S.AWAITING_VERIFICATION), M.MARK_SPAM, HANDLER)
        assert M.MARK_SPAM not in available(CaseSnapshot(S.RECEIVED), HANDLER)

    def test_once_work_started_it_is_a_request(self):
        for state in (S.IN_PROGRESS, S.EXTENDED, S.AWAITING_INFORMATION, S.FORWARDED, S.ANSWERED):
            with pytest.raises(IllegalMove, match="not possible while"):
                apply_move(replace(self.ANONYMOUS, state=state), M.MARK_SPAM, HANDLER)

    def test_an_auditor_marks_nothing(self):
        with pytest.raises(IllegalMove, match="auditor"):
            apply_move(self.ANONYMOUS, M.MARK_SPAM, StaffRole.AUDITOR)
