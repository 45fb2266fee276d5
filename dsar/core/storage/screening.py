"""The malware scan every stored upload passes before acceptance (security.md U-12), worded once
for every kind: an infected file is refused, one the scanner could not check is held (never
served) until a later scan passes. The scanner itself is dsar/core/scanning.py (clamd)."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from dsar.core import scanning
from dsar.core.db import db

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


def scan_for_acceptance(data: bytes, refused: Callable[[str], None], rejected: type[Exception]) -> str:
    """``scan_status`` of an upload. On malware, ``refused(signature)`` puts the refusal on the case
    trail, committed on its own (the caller rolls back on the ``rejected`` error raised next, and the
    trail entry must stay); the error's message can be shown as it is."""
    try:
        return scan_status(data)
    except Infected as infected:
        refused(infected.signature)
        db.session.commit()
        raise rejected(
            _("The file was refused: our malware scanner found %(name)s in it.", name=infected.signature)
        ) from None


def rescan_status(data: bytes) -> str | None:
    """For a held file: its new status, None while the scanner is still down; Infected otherwise."""
    result = scanning.scan(data)
    if result.verdict == scanning.Verdict.UNAVAILABLE:
        return None
    if result.verdict == scanning.Verdict.INFECTED:
        raise Infected(result.signature)
    return result.verdict.value
