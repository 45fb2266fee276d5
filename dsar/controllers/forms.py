"""Forms for the client-controller register and the controller's answer page."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from dsar.core.forms import Form
from dsar.core.i18n import LANGUAGE_NAMES

INSTRUCTION_LABELS = {
    "controller_answers": _l("We answer the data subject ourselves"),
    "processor_answers": _l("Please answer the data subject on our behalf"),
    "processor_exports": _l("Please provide us with an export of the data"),
    "processor_executes": _l("Please execute the erasure or rectification"),
    "no_data_held": _l("We hold no data about this person"),
}


class ControllerForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    contact_emails = TextAreaField(
        _l("Contact e-mail addresses (one per line)"), validators=[DataRequired(), Length(max=2000)]
    )
    language = SelectField(_l("Language"), choices=[SelectChoice(k, v) for k, v in LANGUAGE_NAMES.items()])
    holiday_country = SelectField(
        _l("Holiday calendar"),
        choices=[SelectChoice("BE", "België / Belgique"), SelectChoice("NL", "Nederland")],
    )
    forward_working_days = IntegerField(
        _l("Forward within (working days)"), default=5, validators=[DataRequired(), NumberRange(1, 30)]
    )
    may_tell_subject = BooleanField(_l("The data subject may be told that the request was forwarded"))
    listed_on_form = BooleanField(_l("Show this client on the public request form"))
    active = BooleanField(_l("Active"), default=True)

    def validate_contact_emails(self, field):
        addresses = [line.strip() for line in field.data.splitlines() if line.strip()]
        try:
            field.cleaned = [validate_email(a, check_deliverability=False).normalized for a in addresses]
        except EmailNotValidError as exc:
            raise ValidationError(_l("Not a valid e-mail address: %(error)s", error=str(exc))) from exc
        if not field.cleaned:
            raise ValidationError(_l("Give at least one address."))


class AssignForm(Form):
    controller_id = SelectField(_l("Client controller"), coerce=int, validators=[Optional()])


class InstructionForm(Form):
    # No instruction is preselected: saving without choosing must not record "we answer ourselves",
    # which would let us close the case without the controller having said so (rules 2.8).
    instruction = SelectField(
        _l("Your instruction"),
        choices=[
            SelectChoice("", _l("Choose your instruction")),
            *(SelectChoice(k, v) for k, v in INSTRUCTION_LABELS.items()),
        ],
        validators=[DataRequired(_l("Choose your instruction."))],
    )
    note = TextAreaField(_l("Details (optional)"), validators=[Optional(), Length(max=4000)])


class ControllerMessageForm(Form):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=4000)])
