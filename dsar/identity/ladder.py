"""The verification ladder (rules.md 5.2), configurable per right by an admin.

Level 1: nothing beyond the channel (consent withdrawal, objection to direct marketing; GBA
145/2022 forbids asking more). Level 2 (default): a signed link to the address given. Level 3:
level 2 plus a knowledge check against data already held. Level 4: a redacted ID copy, only when
staff record a reasonable doubt, or for a right where an admin explicitly turned it on, knowing
that regulators fined exactly that practice when applied to everyone (AP v. DPG Media, 2022;
GBA 145/2022; EDPB 01/2022 §73-75).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from dsar.core.db import db, utcnow
from dsar.identity.models import VerificationPolicy
from workflows.rights import id_copy_allowed, verification_level
from workflows.states import Right

ID_COPY_LEVEL = 4
# Consent withdrawal stays at level 1 whatever the setting (Art. 7(3): as easy as giving it), and
# so does an objection to direct marketing (Art. 21(3)); neither ever asks for an ID copy. A
# direct-marketing objection is an objection with that flag, so the policy table (per right) lists
# only withdrawal; the per-request check is id_copy_possible.
NEVER_ID_COPY = {Right.CONSENT_WITHDRAWAL}


def id_copy_possible(sub_requests) -> bool:
    """An ID copy may be asked only for a right that has an identity check at all (GBA 145/2022):
    never when every right is a consent withdrawal or a direct-marketing objection."""
    return any(id_copy_allowed(sub.right, sub.direct_marketing) for sub in sub_requests)


DEFAULTS = {right: verification_level(right) for right in Right}


class PolicyError(ValueError):
    pass


@dataclass
class Step:
    right: str
    level: int
    id_copy: bool
    levels_allowed: tuple[int, ...]
    id_copy_allowed: bool


def levels_allowed(right: str) -> tuple[int, ...]:
    return (1,) if right in NEVER_ID_COPY else (2, 3)


def current() -> list[Step]:
    rows = {row.right: row for row in db.session.scalars(select(VerificationPolicy))}
    steps = []
    for right in Right:
        row = rows.get(right.value)
        level, id_copy = (row.level, row.id_copy) if row else (DEFAULTS[right], False)
        steps.append(Step(right.value, level, id_copy, levels_allowed(right), right not in NEVER_ID_COPY))
    return steps


def step_for(right: str, steps: Callable[[], list[Step]] = current) -> Step:
    return next(step for step in steps() if step.right == right)


def set_step(right: str, level: int, id_copy: bool, actor_id: int) -> VerificationPolicy:
    if right not in {r.value for r in Right}:
        raise PolicyError("unknown right")
    if level not in levels_allowed(right):
        raise PolicyError("level not allowed for this right")
    if id_copy and right in NEVER_ID_COPY:
        raise PolicyError("an ID copy is never asked for this right")
    row = db.session.get(VerificationPolicy, right) or VerificationPolicy(right=right)
    row.level, row.id_copy, row.updated_by_id, row.updated_at = level, id_copy, actor_id, utcnow()
    db.session.add(row)
    return row


def required_level(right: str, details: dict, steps: Callable[[], list[Step]] = current) -> int:
    """The entry level for one right of a new request (``steps``: the ladder as configured)."""
    if verification_level(right, direct_marketing=bool(details.get("objection_direct_marketing"))) == 1:
        return 1  # GBA 145/2022: never more than the channel for these
    step = step_for(right, steps)
    return ID_COPY_LEVEL if step.id_copy else step.level
