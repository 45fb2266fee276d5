"""Errors raised when a move, a decision or a date is not what the law allows.

Each carries a ``Phrase`` (workflows.reasons): a code with parameters that the portal words in the
reader's language; ``str()`` of the error is the English sentence."""

from workflows.reasons import Phrase


class WorkflowError(ValueError):
    """Base of every refusal by the rules."""

    def __init__(self, code: str | Phrase, **params: object):
        self.reason = code if isinstance(code, Phrase) else Phrase(code, **params)
        super().__init__(str(self.reason))


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
