"""Forms of the case file's internal side (all CSRF-protected by Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from dsar.core.forms import Form
from dsar.core.time import brussels_today


class NoteForm(Form):
    body = TextAreaField(
        _l("Internal note (never shown to the requester)"), validators=[DataRequired(), Length(max=5000)]
    )


class TimeForm(Form):
    worked_on = DateField(_l("Date"), default=brussels_today, validators=[DataRequired()])
    minutes = IntegerField(_l("Minutes"), validators=[DataRequired(), NumberRange(min=1, max=1440)])
    activity = StringField(_l("What was done"), validators=[DataRequired(), Length(max=200)])


NOTICE_LABELS = {
    "notified": _l("Notified"),
    "not_notified": _l("Not notified: impossible or disproportionate effort"),
    "no_recipients": _l("The data were disclosed to no recipient"),
}


class RecipientForm(Form):
    kind = SelectField(_l("Art. 19"), choices=[SelectChoice(k, v) for k, v in NOTICE_LABELS.items()])
    recipient = StringField(_l("Recipient"), validators=[Optional(), Length(max=200)])
    notified_on = DateField(_l("Notified on"), validators=[Optional()])
    channel = StringField(_l("How (e-mail, letter, API...)"), validators=[Optional(), Length(max=100)])
    reason = TextAreaField(
        _l("Why not, or why there is no recipient"), validators=[Optional(), Length(max=2000)]
    )


SYSTEM_STATUS_LABELS = {"done": _l("Done"), "not_applicable": _l("Not applicable")}


class SystemTickForm(Form):
    status = SelectField(_l("Status"), choices=[SelectChoice(k, v) for k, v in SYSTEM_STATUS_LABELS.items()])
    note = StringField(_l("Note"), validators=[DataRequired(), Length(max=2000)])


class SystemForm(Form):
    name = StringField(_l("System"), validators=[DataRequired(), Length(max=200)])
    owner = StringField(_l("Owner"), validators=[DataRequired(), Length(max=200)])


APPROVAL_KIND_LABELS = {
    "refusal": _l("Refuse as manifestly unfounded or excessive"),
    "fee": _l("Charge a reasonable fee"),
}


class ProposalForm(Form):
    kind = SelectField(
        _l("Art. 12(5)"), choices=[SelectChoice(k, v) for k, v in APPROVAL_KIND_LABELS.items()]
    )
    justification = TextAreaField(
        _l("Written justification (the controller carries the burden of proof)"),
        validators=[DataRequired(), Length(max=4000)],
    )
    fee = StringField(_l("Fee in EUR (for a fee)"), validators=[Optional(), Length(max=12)])


class ApprovalDecisionForm(Form):
    note = TextAreaField(_l("Note (required to reject)"), validators=[Optional(), Length(max=2000)])


class ConfirmIdentityForm(Form):
    reason = TextAreaField(
        _l("How was the identity established?"), validators=[DataRequired(), Length(max=2000)]
    )


class ReportForm(Form):
    class Meta:
        csrf = False  # a GET filter; it changes nothing

    controller = SelectField(_l("Client controller"), coerce=int, validators=[DataRequired()])
    month = StringField(_l("Month (YYYY-MM)"), validators=[DataRequired(), Length(max=7)])
