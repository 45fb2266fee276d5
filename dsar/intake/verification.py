"""Which verification a new request needs (rules.md 5.2): the proportionate ladder's entry level."""

from __future__ import annotations

from workflows.rights import verification_level


def required_level(rights: dict[str, dict]) -> int:
    """The highest entry level any of the chosen rights needs (level 1: consent withdrawal and
    objection to direct marketing, GBA 145/2022; level 2: a link to the address given)."""
    levels = [
        verification_level(right, direct_marketing=bool(details.get("objection_direct_marketing")))
        for right, details in rights.items()
    ]
    return max(levels, default=2)
