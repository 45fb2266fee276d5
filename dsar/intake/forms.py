"""The public request form. Every field is bounded and checked on the server (security.md V)."""

from __future__ import annotations

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from dsar.cases.forms import RIGHT_LABELS
from dsar.core.forms import Form
from workflows.states import Right

RESTRICTION_GROUNDS = [
    SelectChoice("", _l("Choose a reason")),
    SelectChoice("accuracy_contested", _l("I contest the accuracy of my data (Art. 18(1)(a))")),
    SelectChoice("unlawful_processing", _l("The use is unlawful, but I do not want erasure (Art. 18(1)(b))")),
    SelectChoice(
        "legal_claims", _l("You no longer need it, but I need it for a legal claim (Art. 18(1)(c))")
    ),
    SelectChoice("objection_pending", _l("I objected and await your assessment (Art. 18(1)(d))")),
]

TEXT = 2000  # characters a free-text answer may hold
SHORT = 200


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RequestForm(Form):
    rights = MultiCheckboxField(
        _l("What would you like us to do?"),
        choices=[SelectChoice(right.value, label) for right, label in RIGHT_LABELS.items()],
        validate_choice=False,  # checked in validate_rights, with a message in the user's language
    )
    access_scope = TextAreaField(
        _l("Anything specific you want to receive, e.g. a period or a service (optional)"),
        validators=[Optional(), Length(max=TEXT)],
    )
    rectification_current = TextAreaField(
        _l("Which data is wrong or incomplete?"), validators=[Optional(), Length(max=TEXT)]
    )
    rectification_correct = TextAreaField(_l("What should it be?"), validators=[Optional(), Length(max=TEXT)])
    erasure_scope = TextAreaField(
        _l("Which data should we erase, and why? (optional)"), validators=[Optional(), Length(max=TEXT)]
    )
    restriction_ground = SelectField(
        _l("Why should we restrict the use?"), choices=RESTRICTION_GROUNDS, validators=[Optional()]
    )
    restriction_details = TextAreaField(_l("Details (optional)"), validators=[Optional(), Length(max=TEXT)])
    portability_scope = TextAreaField(
        _l("Which data do you want to take with you? (optional)"), validators=[Optional(), Length(max=TEXT)]
    )
    portability_destination = StringField(
        _l("Send it directly to another organisation? Name it here (optional)"),
        validators=[Optional(), Length(max=SHORT)],
    )
    objection_processing = TextAreaField(
        _l("Which use of your data do you object to?"), validators=[Optional(), Length(max=TEXT)]
    )
    objection_direct_marketing = BooleanField(_l("It concerns direct marketing (newsletters, advertising)"))
    objection_reasons = TextAreaField(
        _l("Your reasons, related to your particular situation (optional for direct marketing)"),
        validators=[Optional(), Length(max=TEXT)],
    )
    consent_scope = TextAreaField(
        _l("Which consent do you withdraw?"), validators=[Optional(), Length(max=TEXT)]
    )

    # rules 2.8: the person may name the company they deal with, from the listed clients only.
    controller = SelectField(
        _l("Which organisation do you deal with?"), validators=[Optional()], validate_choice=False
    )
    name = StringField(
        _l("Your full name"), validators=[DataRequired(_l("Please give your name.")), Length(max=SHORT)]
    )
    email = EmailField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Please give your e-mail address.")),
            Length(max=254),
            Email(_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )
    phone = TelField(
        _l("Phone (optional)"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9+()./ -]{6,40}$", message=_l("Use digits, spaces and + ( ) . / - only.")),
        ],
    )
    customer_reference = StringField(
        _l("Customer number or reference (optional)"), validators=[Optional(), Length(max=100)]
    )
    on_behalf = BooleanField(_l("I make this request for someone else"))
    subject_name = StringField(
        _l("Name of the person the request is about"), validators=[Optional(), Length(max=SHORT)]
    )
    representative_relation = StringField(
        _l("Your relation to that person (e.g. parent, lawyer)"), validators=[Optional(), Length(max=SHORT)]
    )

    # Anti-automation (security.md P): a field humans never see, and a signed start time.
    website = StringField(
        validators=[Optional(), Length(max=SHORT)], render_kw={"autocomplete": "off", "tabindex": "-1"}
    )
    started = HiddenField()

    REQUIRED_PER_RIGHT = {
        Right.RECTIFICATION: ("rectification_current", "rectification_correct"),
        Right.RESTRICTION: ("restriction_ground",),
        Right.OBJECTION: ("objection_processing",),
        Right.CONSENT_WITHDRAWAL: ("consent_scope",),
    }

    def validate_rights(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one thing you would like us to do."))
        if not set(field.data) <= {right.value for right in Right}:
            raise ValidationError(_l("Choose only from the rights listed."))

    def validate_controller(self, field):
        allowed = {value for value, _label in (field.choices or [])}
        if field.data and field.data not in allowed:
            raise ValidationError(_l("Choose an organisation from the list."))

    def validate_website(self, field):
        if field.data:
            raise ValidationError(_l("Please leave this field empty."))

    def validate_started(self, field):
        started = read_started(field.data)
        if started is None:
            raise ValidationError(_l("The form has expired. Please reload the page and try again."))
        if time.time() - started < current_app.config["MIN_FILL_SECONDS"]:
            raise ValidationError(_l("That was very fast. Please check your answers and send again."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for right in self.rights.data or ():
            needed = [getattr(self, name) for name in self.REQUIRED_PER_RIGHT.get(right, ())]
            valid &= _require(needed, _l("This is needed for the right you chose."))
        if self.on_behalf.data:
            needed = [self.subject_name, self.representative_relation]
            valid &= _require(needed, _l("This is needed when you act for someone else."))
        return valid

    DETAIL_FIELDS = {
        Right.ACCESS: ("access_scope",),
        Right.RECTIFICATION: ("rectification_current", "rectification_correct"),
        Right.ERASURE: ("erasure_scope",),
        Right.RESTRICTION: ("restriction_ground", "restriction_details"),
        Right.PORTABILITY: ("portability_scope", "portability_destination"),
        Right.OBJECTION: ("objection_processing", "objection_direct_marketing", "objection_reasons"),
        Right.CONSENT_WITHDRAWAL: ("consent_scope",),
    }

    def _details_of(self, right: Right) -> dict:
        values = {name: _clean(getattr(self, name).data) for name in self.DETAIL_FIELDS[right]}
        return {key: value for key, value in values.items() if value not in ("", None, False)}

    def right_details(self) -> dict[str, dict]:
        """The details per chosen right, stripped of empty answers."""
        return {right: self._details_of(Right(right)) for right in self.rights.data}

    def left_out(self) -> list[str]:
        """Rights not ticked whose details were filled in anyway (every section shows without
        JavaScript): they are not part of the request, and the person is told so."""
        chosen = set(self.rights.data or ())
        return [r.value for r in self.DETAIL_FIELDS if r not in chosen and self._details_of(r)]


class ReplyForm(Form):
    message = TextAreaField(
        _l("Your answer"),
        validators=[DataRequired(_l("Please write your answer.")), Length(max=TEXT)],
        render_kw={"maxlength": TEXT},
    )


class ConfirmForm(Form):
    """Only the CSRF token: confirming is a deliberate click, never a side effect of a GET."""


def _require(fields, message) -> bool:
    """Flag the empty ones among fields that became required through another answer."""
    missing = [field for field in fields if not (field.data or "").strip()]
    for field in missing:
        field.errors = [*field.errors, message]
    return not missing


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _started_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="dsar.form-started")


def sign_started() -> str:
    return _started_serializer().dumps(int(time.time()))


def read_started(token: str | None) -> int | None:
    try:
        value = _started_serializer().loads(token or "")
    except BadSignature:
        return None
    return value if isinstance(value, int) else None
