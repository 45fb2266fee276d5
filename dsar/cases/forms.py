"""Staff forms on the case file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from dsar.core import vocabulary
from dsar.core.forms import Form
from workflows.states import Right

# The rights in the requester's words: the public form, the case pages, letters and status page.
RIGHT_LABELS = {
    Right.ACCESS: _l("Access: a copy of my data and how it is used (Art. 15)"),
    Right.RECTIFICATION: _l("Rectification: correct data that is wrong (Art. 16)"),
    Right.ERASURE: _l("Erasure: delete my data (Art. 17)"),
    Right.RESTRICTION: _l("Restriction: limit the use of my data (Art. 18)"),
    Right.PORTABILITY: _l("Portability: my data in a machine-readable file (Art. 20)"),
    Right.OBJECTION: _l("Objection: stop a use of my data (Art. 21)"),
    Right.CONSENT_WITHDRAWAL: _l("Withdraw consent I gave (Art. 7(3))"),
}


def right_label(right: str) -> str:
    return str(RIGHT_LABELS.get(right, right))


EXTENSION_REASON_LABELS = vocabulary.EXTENSION_REASONS


def reason_label(code: str) -> str:
    """The extension reason in the reader's language (mails and pages)."""
    return str(EXTENSION_REASON_LABELS.get(code, code))


PAUSE_REASON_LABELS = {
    "identity": _l("Reasonable doubt about identity (Art. 12(6))"),
    "scope": _l("Ask to specify a request for a large quantity of data (Recital 63)"),
}


class ExtendForm(Form):
    reason = SelectField(
        _l("Reason (EDPB §162-164: effort alone is not a reason)"),
        choices=[SelectChoice(key, label) for key, label in EXTENSION_REASON_LABELS.items()],
    )
    note = TextAreaField(_l("Explanation for the requester"), validators=[DataRequired(), Length(max=2000)])
    new_due = DateField(_l("Shorter new date (optional)"), validators=[Optional()])


class InformationRequestForm(Form):
    reason = SelectField(
        _l("Why"), choices=[SelectChoice(key, label) for key, label in PAUSE_REASON_LABELS.items()]
    )
    message = TextAreaField(
        _l("What do you need from the requester?"), validators=[DataRequired(), Length(max=4000)]
    )


class ActionForm(Form):
    """A button with only a CSRF token."""


OUTCOME_LABELS = {
    "granted": _l("Granted"),
    "partly_granted": _l("Partly granted"),
    "refused": _l("Refused"),
    "no_data_held": _l("No data held about you"),
    "identity_not_confirmed": _l("Identity could not be confirmed"),
    "withdrawn": _l("Withdrawn by the requester"),
    "duplicate": _l("Duplicate of another request"),
}

LEGAL_GROUND_LABELS = vocabulary.LEGAL_GROUNDS


def outcome_label(code: str | None) -> str:
    return str(OUTCOME_LABELS.get(code, code or ""))


def ground_label(code: str | None) -> str:
    return str(LEGAL_GROUND_LABELS.get(code, code or ""))


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DecisionForm(Form):
    outcome = SelectField(_l("Outcome"), choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()])
    legal_ground = SelectField(
        _l("Legal ground (for a refusal or partial refusal)"),
        choices=[SelectChoice("", "—")] + [SelectChoice(k, v) for k, v in LEGAL_GROUND_LABELS.items()],
        validators=[Optional()],
    )
    reasons = TextAreaField(
        _l("Reasons, as the requester will read them"), validators=[Optional(), Length(max=4000)]
    )
    recipients_notified = TextAreaField(
        _l("Art. 19: recipients notified (one per line: who, when, how)"),
        validators=[Optional(), Length(max=4000)],
    )
    art19_justification = TextAreaField(
        _l("Art. 19: or why notifying them is impossible or disproportionate"),
        validators=[Optional(), Length(max=2000)],
    )
    balancing_note = TextAreaField(
        _l("Art. 21(1): balancing test"), validators=[Optional(), Length(max=4000)]
    )
    justification = TextAreaField(
        _l("Art. 12(5): justification (the DPO decides)"), validators=[Optional(), Length(max=4000)]
    )
    confirm_late_refusal = BooleanField(
        _l(
            "I know that the one-month date has passed and that a supervisory authority may find this "
            "refusal late (Art. 12(4)); send it anyway"
        )
    )


class LiftNoticeForm(Form):
    explanation = TextAreaField(
        _l("Why the restriction ends, as the requester will read it (Art. 18(3))"),
        validators=[DataRequired(), Length(max=2000)],
    )


class ReclassifyForm(Form):
    reason = TextAreaField(
        _l("Why this objection concerns direct marketing (for the case record)"),
        validators=[DataRequired(), Length(max=2000)],
    )
