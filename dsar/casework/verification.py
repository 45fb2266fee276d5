"""Staff confirm the identity of a requester who came by phone, letter, e-mail or in person
(rules C1, 5.2), or whose answer to an identity question they checked: the signed e-mail link is the
web form's first check; otherwise the staff member records how identity was established. The reason
is kept as an internal note (it may describe data held); the trail records that it happened and by
whom."""

from __future__ import annotations

from dsar.cases.models import Case
from dsar.cases.service import record_event, require_move
from dsar.casework.notes import add_note
from workflows.states import Move

STAFF_CHANNELS = ("email", "letter", "phone", "in_person")


class ConfirmError(ValueError):
    pass


def may_confirm_here(case: Case) -> bool:
    """A request from the public form first confirms its address through the signed link (level 2);
    after that, a remaining doubt (an identity question answered, a knowledge check) is settled by
    staff here too, since an ID copy is never the only way (rules 5.2)."""
    return case.channel in STAFF_CHANNELS or case.email_confirmed_at is not None


def confirm_identity(case: Case, actor_id: int, actor_role: str, reason: str) -> None:
    if not may_confirm_here(case):
        raise ConfirmError("channel")
    if not (reason or "").strip():
        raise ConfirmError("reason")
    next_state = require_move(case, Move.CONFIRM_IDENTITY, actor_role)  # IllegalMove says why not
    note = add_note(case, actor_id, reason)
    case.state = next_state
    record_event(case, "identity_confirmed", actor_id, channel=case.channel, note_id=note.id)
