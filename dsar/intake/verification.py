"""Which verification a new request needs (rules.md 5.2): the proportionate ladder's entry level."""

from __future__ import annotations

from functools import cache

from dsar.identity.ladder import current
from dsar.identity.ladder import required_level as level_for_right


def required_level(rights: dict[str, dict]) -> int:
    """The highest entry level any of the chosen rights needs (level 1: consent withdrawal and
    objection to direct marketing, GBA 145/2022; level 2: a link to the address given; levels 3
    and 4 where an admin set them for a right, see dsar/identity/ladder.py)."""
    ladder = cache(current)  # read once per request, and only if a right needs more than level 1
    levels = [level_for_right(right, details, ladder) for right, details in rights.items()]
    return max(levels, default=2)
