"""Which verification a new request needs (rules.md 5.2): the proportionate ladder's entry level."""

from __future__ import annotations

from workflows.states import Right

# Rules 5.2 level 1 / GBA 145/2022: consent withdrawal and objection to direct marketing need
# nothing beyond the channel used; everything else starts at level 2 (a link to the address given).
LEVEL_1_RIGHTS = {Right.CONSENT_WITHDRAWAL}


def required_level(rights: dict[str, dict]) -> int:
    """The highest level any of the chosen rights needs."""
    levels = [_level(right, details) for right, details in rights.items()]
    return max(levels, default=2)


def _level(right: str, details: dict) -> int:
    if right in LEVEL_1_RIGHTS:
        return 1
    if right == Right.OBJECTION and details.get("objection_direct_marketing"):
        return 1
    return 2
