"""Forms of identity verification. Every value is checked on the server (security.md V)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from dsar.core.forms import Form
from dsar.identity import ladder
from dsar.identity.service import DOCUMENT_TYPES

DOCUMENT_TYPE_LABELS = {
    "be_identity_card": _l("Belgian identity card (eID)"),
    "be_passport": _l("Belgian passport"),
    "nl_identity_card": _l("Dutch identity card"),
    "nl_passport": _l("Dutch passport"),
    "driving_licence": _l("Driving licence"),
    "residence_permit": _l("Residence permit"),
    "other_identity_card": _l("Identity card of another country"),
    "other_passport": _l("Passport of another country"),
}
assert set(DOCUMENT_TYPE_LABELS) == set(DOCUMENT_TYPES)

KNOWLEDGE_LABELS = {
    "customer_number": _l("Customer number"),
    "last_invoice": _l("Amount of the last invoice"),
    "contract_reference": _l("Contract reference"),
    "other_data_held": _l("Other data we already hold"),
}

LEVEL_LABELS = {
    1: _l("Level 1: nothing beyond the channel used"),
    2: _l("Level 2: a signed link to the e-mail address given"),
    3: _l("Level 3: the link plus a question about data we already hold"),
}


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class UploadForm(Form):
    document = FileField(_l("Your ID copy (JPEG, PNG or PDF, front side only, at most 10 MB)"))


class ActionForm(Form):
    """Only the CSRF token: accept, redo."""


class RequestIdCopyForm(Form):
    reason = TextAreaField(
        _l("Your reasonable doubt about the requester's identity (Art. 12(6)), for the case record"),
        validators=[DataRequired(_l("Say why there is a reasonable doubt.")), Length(max=2000)],
    )


class KnowledgeCheckForm(Form):
    compared = SelectField(_l("What did you compare?"), choices=_choices(KNOWLEDGE_LABELS))
    result = RadioField(
        _l("Result"),
        choices=[
            SelectChoice("passed", _l("The answer matches our data")),
            SelectChoice("failed", _l("The answer does not match")),
        ],
        validators=[DataRequired(_l("Choose a result."))],
    )


class DecisionForm(Form):
    outcome = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("passed", _l("Identity confirmed")),
            SelectChoice("failed", _l("Identity not confirmed")),
        ],
        validators=[DataRequired(_l("Choose a decision."))],
    )
    document_type = SelectField(
        _l("Document type"), choices=[SelectChoice("", _l("Choose")), *_choices(DOCUMENT_TYPE_LABELS)]
    )
    reason = TextAreaField(
        _l("Reason (required when identity is not confirmed; the Art. 12(4) letter explains it)"),
        validators=[Length(max=2000)],
    )

    def validate_document_type(self, field):
        if field.data not in DOCUMENT_TYPE_LABELS:
            raise ValidationError(_l("Choose the document type."))

    def validate_reason(self, field):
        if self.outcome.data == "failed" and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason the identity could not be confirmed."))


def ladder_form(steps: list[ladder.Step]) -> FlaskForm:
    """One level choice and one ID-copy switch per right, built from the current ladder."""

    class LadderForm(Form):
        acknowledge = BooleanField(
            _l("I have read why regulators discourage asking everyone for an ID copy; these rights need it.")
        )

    for step in steps:
        choices = [SelectChoice(str(level), LEVEL_LABELS[level]) for level in step.levels_allowed]
        setattr(LadderForm, f"level_{step.right}", SelectField(choices=choices, default=str(step.level)))
        if step.id_copy_allowed:
            setattr(LadderForm, f"id_copy_{step.right}", BooleanField(default=step.id_copy))
    return LadderForm()
