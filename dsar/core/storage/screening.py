"""The malware scan every stored upload passes before acceptance (security.md U-12), worded once
for every kind: an infected file is refused, one the scanner could not check is held (never
served) until a later scan passes. The scanner itself is dsar/core/scanning.py (clamd)."""

from __future__ import annotations

from dsar.core import scanning

HELD = "held"


class Infected(Exception):
    """The scanner found malware; ``signature`` names it."""

    def __init__(self, signature: str | None):
        super().__init__(signature or "")
        self.signature = signature or ""


def scan_status(data: bytes) -> str:
    """``clean``, ``unscanned`` (no scanner configured) or ``held`` (scanner down); Infected otherwise."""
    result = scanning.scan(data)
    if result.verdict == scanning.Verdict.INFECTED:
        raise Infected(result.signature)
    return HELD if result.verdict == scanning.Verdict.UNAVAILABLE else result.verdict.value


def rescan_status(data: bytes) -> str | None:
    """For a held file: its new status, None while the scanner is still down; Infected otherwise."""
    result = scanning.scan(data)
    if result.verdict == scanning.Verdict.UNAVAILABLE:
        return None
    if result.verdict == scanning.Verdict.INFECTED:
        raise Infected(result.signature)
    return result.verdict.value
