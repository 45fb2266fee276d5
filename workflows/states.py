"""The vocabulary of a case. Values are stored by the portal: never rename one."""

from __future__ import annotations

from enum import StrEnum


class Right(StrEnum):
    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21
    CONSENT_WITHDRAWAL = "consent_withdrawal"  # Art. 7(3)


class CaseState(StrEnum):
    RECEIVED = "received"
    AWAITING_VERIFICATION = "awaiting_verification"
    IN_PROGRESS = "in_progress"
    AWAITING_INFORMATION = "awaiting_information"  # clock paused (rules 3.4)
    EXTENDED = "extended"
    FORWARDED = "forwarded"  # processor role: with the client controller (rules 2.8)
    ANSWERED = "answered"
    CLOSED = "closed"


OPEN_STATES = frozenset(CaseState) - {CaseState.CLOSED}


class CaseRole(StrEnum):
    CONTROLLER = "controller"
    PROCESSOR = "processor"


class ControllerInstruction(StrEnum):
    """What a client controller tells its processor to do with a forwarded request (rules 2.8)."""

    CONTROLLER_ANSWERS = "controller_answers"  # the client answers; nothing goes out from us
    PROCESSOR_ANSWERS = "processor_answers"  # we answer the data subject on the client's behalf
    PROCESSOR_EXPORTS = "processor_exports"  # we send the client an export of the data
    PROCESSOR_EXECUTES = "processor_executes"  # we erase or rectify; the client answers
    NO_DATA_HELD = "no_data_held"  # the client answers that it holds no data


class StaffRole(StrEnum):
    ADMIN = "admin"
    DPO = "dpo"
    HANDLER = "handler"
    AUDITOR = "auditor"  # read-only


class Outcome(StrEnum):
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    NO_DATA_HELD = "no_data_held"
    IDENTITY_NOT_CONFIRMED = "identity_not_confirmed"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


class Move(StrEnum):
    """What staff can do to a case (workflows.transitions says when). There is no "reopen": a
    reply after closure is a new request with its own receipt date (rules 3.4)."""

    CONFIRM_IDENTITY = "confirm_identity"
    START_WORK = "start_work"
    REQUEST_INFORMATION = "request_information"
    RECEIVE_INFORMATION = "receive_information"
    EXTEND = "extend"
    DECIDE = "decide"
    ANSWER = "answer"
    CLOSE = "close"
    FORWARD = "forward"
    RECORD_CONTROLLER_ACKNOWLEDGEMENT = "record_controller_acknowledgement"
    RECORD_CONTROLLER_INSTRUCTION = "record_controller_instruction"
    MARK_DUPLICATE = "mark_duplicate"
    WITHDRAW = "withdraw"
    MARK_SPAM = "mark_spam"
