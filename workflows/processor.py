"""What a processor may send the data subject (rules 2.8, DPA art. 9.5, Art. 28(3)(e))."""

from __future__ import annotations

from workflows.states import CaseRole


def acknowledgement_template(role: CaseRole) -> str:
    """The acknowledgement a requester receives. A processor promises no answer date of its own (it
    does not decide, P1) and names no client (P4: only where the client's instructions allow, which
    the separate "forwarded" notice handles): a neutral receipt."""
    return "acknowledgement" if CaseRole(role) == CaseRole.CONTROLLER else "receipt_neutral"
