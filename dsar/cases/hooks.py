"""Where other features take part in a case, so that cases/ imports none of them.

cases/ is the aggregate every feature builds on: an arrow from it to a feature would make the two
one tangle. A feature that acts when something happens to a case, or answers a question the case
asks, registers a function here from its own ``init_app`` (``tests/core/test_feature_arrows.py``
keeps the arrows one way).

Two shapes. A list is a step every registered function takes (``add`` keeps one copy however often
an app is built). A ``Slot`` is a question with one provider; its default is the answer when the
feature that knows is not there (no Art. 12(5) proposal waits, nobody can be assigned)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from workflows.fees import FeeStatus

T = TypeVar("T")


def add(hook: list, step: Callable) -> None:
    """Register ``step`` once: create_app runs many times in one process (tests, workers)."""
    if step not in hook:
        hook.append(step)


class Slot(Generic[T]):
    """One provider for a question the case asks; ``default`` answers until a feature provides it."""

    def __init__(self, default: Callable[..., T]) -> None:
        self.default = default
        self.provider: Callable[..., T] | None = None

    def provide(self, provider: Callable[..., T]) -> None:
        self.provider = provider

    def __call__(self, *args: Any) -> T:
        return (self.provider or self.default)(*args)


# --- Steps: every registered function runs --------------------------------------------------------

# Each timeline event as it is recorded, called with (case, event): the API's webhooks (dsar/api).
event_listeners: list[Callable] = []
# The answer just before it is sent, each called with (case, actor_id): the PDF response letter
# (dsar/letters) is stored with the answer package this way.
before_answer: list[Callable] = []
# A right once it is decided, each called with (sub_request, actor_id): the Art. 21(3) suppression
# list (dsar/suppression) is filled this way.
after_decision: list[Callable] = []
# Sources of the Art. 15(1)(a)-(h) information for an access answer, each called with the case and
# True when it can describe the processing: the record of processing (dsar/letters).
art15_information: list[Callable] = []
# Files for the extension notice, each called with (case, actor_id) and returning (name, download
# url) pairs: the Art. 12(3) extension letter (dsar/letters).
extension_attachments: list[Callable] = []
# A deadline notice of the sweep for a forwarded case still waiting for its client controller's
# instruction, each called with (case, notice kind): the controller's reminder (dsar/controllers).
controller_notices: list[Callable] = []


# --- Questions: one provider each -----------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """A DPO-approved Art. 12(5) ground (rules C3): a refusal, or a fee left unpaid."""

    justification: str
    decided_by_id: int


@dataclass(frozen=True)
class DecisionInputs:
    """What case work recorded for a decision on one right: the Art. 19 recipients told (or why
    not), the systems not yet ticked as searched, the fee and the Art. 12(5) approval."""

    recipients_notified: list[str] = field(default_factory=list)
    art19_justification: str | None = None
    unticked_systems: list[str] = field(default_factory=list)
    fee_status: FeeStatus | None = None
    art12_5_approval: Approval | None = None


# (sub_request) -> DecisionInputs: the case-work checklists and approvals (dsar/casework).
decision_inputs: Slot[DecisionInputs] = Slot(lambda sub: DecisionInputs())
# (case) -> bool: an Art. 12(5) refusal or fee waits for a DPO, so the case cannot be answered.
art12_5_pending: Slot[bool] = Slot(lambda case: False)

# Client controllers, for the case list's filter and the register: () -> [(id, name)] in name order
# (dsar/controllers).
controller_names: Slot[list[tuple[int, str]]] = Slot(lambda: [])

# Staff who may be given a case (dsar/accounts): (roles) -> active staff in those roles, by name;
# (ids) -> {id: name}, leavers included; (id) -> the staff member or None.
staff_in_roles: Slot[list] = Slot(lambda roles: [])
staff_names: Slot[dict[int, str]] = Slot(lambda ids: {})
staff_member: Slot[Any] = Slot(lambda staff_id: None)
