"""Why the rules refuse something, as codes with parameters.

``TEXTS`` gives each code its English sentence. ``N_`` only marks the sentence for the translators'
catalogue (pybabel extracts it); the portal looks the sentence up in the reader's language and words
the parameters (states, rights, dates) itself, so nothing in here depends on a language or a locale.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum, StrEnum


def N_(text: str) -> str:
    return text


TEXTS: dict[str, str] = {
    # Moves (workflows.transitions)
    "auditor_read_only": N_("an auditor cannot change a case"),
    "move_not_possible": N_("'%(move)s' is not possible while the case is '%(state)s'"),
    "processor_does_not_decide": N_(
        "a processor does not decide on a request; forward it to the client controller (Art. 28(3)(e))"
    ),
    "processor_cannot_extend": N_(
        "only the client controller can extend its deadline (Art. 12(3), 28(3)(e))"
    ),
    "controller_does_not_forward": N_(
        "only a processor forwards a request to its client controller (rules 2.8)"
    ),
    "controller_has_no_client": N_("only a processor case has a client controller to hear from (rules 2.8)"),
    "already_extended": N_("the deadline was already extended once (Art. 12(3))"),
    "art12_5_pending": N_("an Art. 12(5) refusal or fee waits for a DPO's approval (rules C3)"),
    "instruction_before_disclosure": N_(
        "no disclosure to the data subject before the client controller's instruction is recorded "
        "(DPA art. 9.5)"
    ),
    "undecided_rights": N_("every right in the request needs a decision before the answer goes out"),
    "close_needs_instruction": N_(
        "a forwarded request is closed only on the client controller's recorded instruction (rules 2.8)"
    ),
    "identifiable_requester": N_(
        "the requester is identifiable (address confirmed or registered by staff): answer it, "
        "or refuse it under Art. 12(5) with the Art. 12(4) information"
    ),
    # Guards (workflows.rights, workflows.restriction, workflows.transitions)
    "identity_question_level_one": N_(
        "A consent withdrawal or an objection to direct marketing needs no proof of identity "
        "(GBA decision 145/2022): the clock cannot be paused to ask for it."
    ),
    "unverified_only_identity_outcome": N_(
        'The identity is not confirmed: the only possible decision is "identity not confirmed", '
        "answered with the reasons and the right to complain (GDPR Art. 12(4))."
    ),
    "identity_refusal_level_one": N_(
        "A consent withdrawal or an objection to direct marketing needs no proof of identity and "
        'cannot be refused: it cannot be decided as "identity not confirmed" (GDPR Art. 7(3), 21(3)).'
    ),
    "access_without_art15_information": N_(
        "An access answer must include the information of GDPR Art. 15(1)(a)-(h) (purposes, "
        "categories, recipients, retention, source, automated decisions). Describe the processing "
        "activities in the record of processing first: %(link)s"
    ),
    "extension_level_one": N_(
        "A consent withdrawal or an objection to direct marketing takes effect without delay: "
        "its deadline cannot be extended (GDPR Art. 7(3), 21(3))."
    ),
    "processor_answer_not_instructed": N_(
        "The client controller did not instruct us to answer the data subject on its behalf: "
        "nothing goes to the requester from us (processing agreement art. 9.5, GDPR Art. 28(3)(e))."
    ),
    "restriction_without_ground": N_(
        "A restriction names its ground, one of GDPR Art. 18(1)(a)-(d); the request does not give one."
    ),
    "restriction_not_in_force": N_("No restriction is in force for this right."),
    "restriction_lift_without_notice": N_(
        "The requester must be told before the restriction is lifted (GDPR Art. 18(3)): "
        "send the notice first."
    ),
    "reclassify_not_objection": N_(
        "Only an objection not yet marked as direct marketing can be reclassified."
    ),
    "reclassify_decided": N_("The objection was already decided; it cannot be reclassified afterwards."),
    "reclassify_without_reason": N_("Say why the objection concerns direct marketing."),
    "late_refusal_unconfirmed": N_(
        "The one-month date (%(due)s) has passed. GDPR Art. 12(4) asks for the reasons for not acting "
        "within one month of receipt, and the extension may not cover a refusal: a supervisory "
        "authority may find this refusal late. Tick the confirmation to send it anyway."
    ),
    "close_before_no_answer_period": N_(
        "A case waiting for information is closed only after %(days)s days without an answer, "
        "with the closing letter. Until then, wait for the answer or decide and answer the request."
    ),
    # Fees (workflows.fees)
    "fee_level_one": N_(
        "A consent withdrawal or an objection to direct marketing is always free: no fee can be "
        "charged for it (GDPR Art. 7(3), 12(5), 21(3))."
    ),
    "art12_5_refusal_level_one": N_(
        "A consent withdrawal or an objection to direct marketing cannot be refused, so no "
        "Art. 12(5) refusal can be proposed for it (GDPR Art. 7(3), 21(3))."
    ),
    "fee_settlement_unknown": N_("Record the fee as paid, withdrawn or waived."),
    "fee_not_notified": N_(
        "The requester has not been sent the fee notice: a fee is paid only after the requester "
        "was told the amount and the reasons and could withdraw the request (rules C2)."
    ),
    "fee_already_settled": N_("The fee was already recorded as paid, withdrawn or waived."),
    "fee_unpaid": N_(
        "The fee for this right is announced and not paid: record the payment or waive the fee "
        "before acting on it, or refuse it under Art. 12(5) if it stays unpaid. Waiting for "
        "payment does not stop the clock (rules 3.4)."
    ),
    # Duplicates (workflows.duplicates)
    "duplicate_of_itself": N_("a case cannot be a duplicate of itself"),
    "duplicate_other_requester": N_(
        "the other case has another requester; a different person's request is answered on its own"
    ),
    "duplicate_other_controller": N_("the other case is for another controller or role"),
    "duplicate_rights_missing": N_(
        "the other case does not cover %(rights)s; that right would go unanswered"
    ),
    "duplicate_original_answered": N_(
        "the other case was already answered or closed: a repeated request is a new request "
        "(Art. 12(5) is the DPO's decision, with the Art. 12(4) information)"
    ),
    # Dates (workflows.deadlines)
    "negative_pause": N_("Paused days cannot be negative: a pause never shortens a deadline."),
    "pause_answered_before_asked": N_(
        "A pause asked on %(asked)s was answered before it was asked, on %(answered)s."
    ),
    "extension_already_used": N_("The deadline was already extended once; Art. 12(3) allows one extension."),
    "extension_reason_needed": N_("An extension needs one of these reasons (EDPB §162-164): %(reasons)s."),
    "extension_too_late": N_(
        "The one-month date %(one_month)s has passed: an extension must be notified on or before it "
        "(Art. 12(3))."
    ),
    "extension_beyond_latest": N_("An extension cannot go beyond %(latest)s (three months from receipt)."),
    "extension_not_after_one_month": N_("The new date must be after the one-month date %(one_month)s."),
    # Decisions (workflows.rights, workflows.checklists)
    "identity_answer_needs_art12_4": N_(
        "An unconfirmed identity is answered with the Art. 12(4) information (rules 5.5)."
    ),
    "art19_recipients": N_(
        "Art. 19: list the recipients who were notified, or why notifying them is impossible "
        "or involves disproportionate effort."
    ),
    "consent_cannot_be_refused": N_("Consent can always be withdrawn (Art. 7(3)); it cannot be refused."),
    "direct_marketing_objection": N_("An objection to direct marketing cannot be refused (Art. 21(3))."),
    "refusal_needs_ground": N_("A refusal of %(right)s names its legal ground, one of: %(grounds)s."),
    "art15_4_partial_only": N_(
        "Art. 15(4) limits the copy; it never justifies refusing access wholesale "
        "(Recital 63): redact what concerns others and grant the rest (partly_granted)."
    ),
    "art12_4_information": N_(
        "A decision not to act must give the reasons, the right to complain to the supervisory "
        "authority and to a judicial remedy (Art. 12(4))."
    ),
    "art12_5_justification": N_(
        "Art. 12(5): the controller carries the burden of proof; write the justification."
    ),
    "art12_5_dpo_approval": N_(
        "Art. 12(5): a refusal as manifestly unfounded or excessive needs DPO approval."
    ),
    "art21_balancing": N_(
        "Art. 21(1): the controller must demonstrate its grounds; write down the balancing test."
    ),
    "systems_not_ticked": N_(
        "Tick every system (done, or not applicable with a note) before deciding that "
        "the %(right)s was carried out; still open: %(systems)s."
    ),
    "not_acting_needs_reasons": N_("A decision not to act tells the requester the reasons (Art. 12(4))."),
    "art12_5_needs_proposal": N_(
        "Art. 12(5): a refusal as manifestly unfounded or excessive needs DPO approval; "
        "propose it with its written justification first (rules C3)."
    ),
    "answer_package_held": N_(
        "An answer package is waiting for the malware scan; try again once it is checked."
    ),
    # Why each date is what it is (workflows.explain)
    "received_utc": N_("Received %(utc)s UTC = %(local)s Europe/Brussels -> receipt date %(receipt)s"),
    "received_local": N_("Received %(local)s Europe/Brussels -> receipt date %(receipt)s"),
    "receipt_day_not_counted": N_(
        "The day of receipt is not counted (Art. 3(1) Reg. 1182/71); no deferral for weekends or holidays."
    ),
    "rolled_weekend": N_("%(day)s is a %(weekday)s -> %(next)s"),
    "rolled_weekend_holiday": N_("%(day)s is a %(weekday)s (%(holiday)s) -> %(next)s"),
    "rolled_holiday": N_("%(day)s is a public holiday (%(holiday)s) -> %(next)s"),
    "one_month_after": N_("1 month after %(receipt)s = %(end)s (Art. 3(2)(c) Reg. 1182/71)"),
    "three_months_after": N_("3 months after %(receipt)s = %(end)s (Art. 3(2)(c) Reg. 1182/71)"),
    "month_too_short": N_("%(month)s has no day %(day)s: the period ends on its last day"),
    "paused_days_added": N_("+ paused calendar days: %(days)s = %(end)s (rules 3.4)"),
    "thirty_days_after": N_("%(receipt)s + 30 days = %(end)s"),
    "target_not_later": N_("Not later than the legal due date %(due)s -> %(target)s"),
    "target_due_earlier": N_("The legal due date %(due)s is earlier -> %(target)s"),
    "working_days_counted": N_("%(count)s working days after %(receipt)s, that day not counted: %(days)s"),
    "result_date": N_("-> %(end)s"),
    # Calendars (workflows.calendars)
    "no_calendar": N_("No public-holiday calendar for country code '%(country)s'."),
    "calendar_version": N_("dates were computed with %(computed)s; installed is %(installed)s"),
}


class Weekday(StrEnum):
    """A day of the week as a parameter (the portal names it in the reader's language)."""

    MONDAY = "Monday"
    TUESDAY = "Tuesday"
    WEDNESDAY = "Wednesday"
    THURSDAY = "Thursday"
    FRIDAY = "Friday"
    SATURDAY = "Saturday"
    SUNDAY = "Sunday"

    @classmethod
    def of(cls, day: date) -> Weekday:
        return list(cls)[day.weekday()]


class Month(StrEnum):
    """A month as a parameter (the portal names it in the reader's language)."""

    JANUARY = "January"
    FEBRUARY = "February"
    MARCH = "March"
    APRIL = "April"
    MAY = "May"
    JUNE = "June"
    JULY = "July"
    AUGUST = "August"
    SEPTEMBER = "September"
    OCTOBER = "October"
    NOVEMBER = "November"
    DECEMBER = "December"

    @classmethod
    def of(cls, day: date) -> Month:
        return list(cls)[day.month - 1]

    @property
    def number(self) -> int:
        return list(Month).index(self) + 1


class Holiday(str):
    """A public holiday's name as a parameter, with its day and country, so the portal can name it in
    the reader's language; as a string it is the calendar's own (English) name."""

    day: date
    country: str

    def __new__(cls, name: str, day: date, country: str) -> Holiday:
        holiday = super().__new__(cls, name)
        holiday.day, holiday.country = day, country
        return holiday


def in_english(value: object) -> str:
    """A parameter as the English sentence shows it; the portal words parameters itself."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%a} {value.day} {value:%b %Y}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(in_english(item) for item in value)
    return str(value)


class Phrase(str):
    """A refusal: a code from ``TEXTS`` with its parameters. As a string it is the English sentence
    (logs, the command line); pages word it from ``code`` and ``params`` in the reader's language."""

    code: str
    params: dict[str, object]

    def __new__(cls, code: str, **params: object) -> Phrase:
        text = TEXTS[code] % {key: in_english(value) for key, value in params.items()}
        reason = super().__new__(cls, text)
        reason.code, reason.params = code, params
        return reason
