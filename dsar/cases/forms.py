"""Staff forms on the case file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

EXTENSION_REASON_LABELS = {
    "large_volume": _l("A large volume of data"),
    "multiple_systems": _l("Data spread across several systems or units"),
    "redaction_needed": _l("Redaction needed for Art. 15(4) or 17(3) exceptions"),
    "intelligibility": _l("Making the data intelligible"),
    "multiple_requests": _l("Several requests from the same person"),
    "temporary_surge": _l("An exceptional, temporary surge of requests"),
}


def reason_label(code: str) -> str:
    """The extension reason in the reader's language (mails and pages)."""
    return str(EXTENSION_REASON_LABELS.get(code, code))


PAUSE_REASON_LABELS = {
    "identity": _l("Reasonable doubt about identity (Art. 12(6))"),
    "scope": _l("Ask to specify a request for a large quantity of data (Recital 63)"),
}


class ExtendForm(FlaskForm):
    reason = SelectField(
        _l("Reason (EDPB §162-164: effort alone is not a reason)"),
        choices=[SelectChoice(key, label) for key, label in EXTENSION_REASON_LABELS.items()],
    )
    note = TextAreaField(_l("Explanation for the requester"), validators=[DataRequired(), Length(max=2000)])
    new_due = DateField(_l("Shorter new date (optional)"), validators=[Optional()])


class InformationRequestForm(FlaskForm):
    reason = SelectField(
        _l("Why"), choices=[SelectChoice(key, label) for key, label in PAUSE_REASON_LABELS.items()]
    )
    message = TextAreaField(
        _l("What do you need from the requester?"), validators=[DataRequired(), Length(max=4000)]
    )


class ActionForm(FlaskForm):
    """A button with only a CSRF token."""
