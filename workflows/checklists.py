"""What must be ticked before a right is decided (rules.md 2.2, 2.3, 6.3 items 8 and 9).

Art. 19's recipient notifications are checked by ``rights.check_decision`` once the portal hands
it the checklist; this module adds the per-system execution checklist of an erasure or a
rectification: every system the organisation listed is done, or not applicable with a note."""

from __future__ import annotations

from collections.abc import Iterable

from workflows.errors import DecisionError
from workflows.states import Outcome, Right

# Rules 2.2 ("systems changed") and 2.3 ("systems and records erased"): per-system proof.
SYSTEM_CHECKLIST_RIGHTS = frozenset({Right.RECTIFICATION, Right.ERASURE})
ACTED = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED})


def needs_system_checklist(right: Right) -> bool:
    return Right(right) in SYSTEM_CHECKLIST_RIGHTS


def check_systems(right: Right, outcome: Outcome, unticked: Iterable[str]) -> None:
    """Raise DecisionError while a system has no tick and the decision says we acted."""
    open_systems = sorted(unticked)
    if needs_system_checklist(right) and Outcome(outcome) in ACTED and open_systems:
        raise DecisionError("systems_not_ticked", right=Right(right), systems=open_systems)
