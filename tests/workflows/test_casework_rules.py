"""The case-work rules in workflows/: the per-system checklist before an erasure or rectification is
decided as carried out, and no answer while an Art. 12(5) proposal waits for a DPO."""

from __future__ import annotations

import pytest

from workflows.checklists import check_systems
from workflows.errors import DecisionError
from workflows.states import CaseState, Move, StaffRole
from workflows.transitions import CaseSnapshot, available, refusal


@pytest.mark.parametrize("right", ["erasure", "rectification"])
@pytest.mark.parametrize("outcome", ["granted", "partly_granted"])
def test_carrying_out_waits_for_every_system(right, outcome):
    with pytest.raises(DecisionError, match="still open: CRM, Mailer"):
        check_systems(right, outcome, ["Mailer", "CRM"])
    check_systems(right, outcome, [])


@pytest.mark.parametrize(
    ("right", "outcome"), [("erasure", "refused"), ("access", "granted"), ("restriction", "granted")]
)
def test_no_system_checklist_where_nothing_is_carried_out_in_systems(right, outcome):
    check_systems(right, outcome, ["CRM"])


def test_no_answer_while_an_art12_5_proposal_waits():
    waiting = CaseSnapshot(CaseState.IN_PROGRESS, all_subrequests_decided=True, art12_5_pending=True)
    assert "DPO's approval" in refusal(waiting, Move.ANSWER, StaffRole.DPO)
    assert Move.ANSWER not in available(waiting, StaffRole.HANDLER)
    decided = CaseSnapshot(CaseState.IN_PROGRESS, all_subrequests_decided=True)
    assert Move.ANSWER in available(decided, StaffRole.HANDLER)
