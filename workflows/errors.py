"""Errors raised when a move, a decision or a date is not what the law allows.

Each message says why, in words the portal can show to staff."""


class WorkflowError(ValueError):
    """Base of every refusal by the rules."""


class IllegalMove(WorkflowError):
    """A transition that the case's state, role or the staff member's role does not allow."""


class DecisionError(WorkflowError):
    """A decision on a sub-request that lacks what the law requires of it."""


class ExtensionError(WorkflowError):
    """An extension outside the Art. 12(3) window or rules."""


class CalendarError(WorkflowError):
    """No holiday calendar is known for a country code."""


class CalendarVersionError(CalendarError):
    """Dates were computed with a holiday calendar that is not the one installed."""
