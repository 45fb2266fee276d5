"""Errors raised when a move, a decision or a date is not what the law allows.

Each message says why, in words the portal can show to staff. A refusal built from a ``Reason``
also carries a stable code and its parameters, so the portal can word it in the reader's language
(workflows/ never translates; design.md "Words")."""

from __future__ import annotations


class Reason(str):
    """The English reason for a refusal, with the code the portal words it by."""

    code: str
    params: dict

    def __new__(cls, code: str, text: str, **params) -> Reason:
        reason = super().__new__(cls, text)
        reason.code, reason.params = code, params
        return reason


class WorkflowError(ValueError):
    """Base of every refusal by the rules."""

    @property
    def reason(self) -> Reason | None:
        """The coded reason, when the refusal was raised with one."""
        first = self.args[0] if self.args else None
        return first if isinstance(first, Reason) else None


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
