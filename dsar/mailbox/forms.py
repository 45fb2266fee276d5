"""Staff forms on an incoming mail."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from dsar.cases.register import RegisterRequestForm


class RegisterFromMailForm(RegisterRequestForm):
    """The registration form of every channel, prefilled from the mail (views.prefill)."""


class JoinForm(FlaskForm):
    reference = StringField(_l("Reference of the existing case"), validators=[DataRequired(), Length(max=16)])


class DismissForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is this not a request?"),
        validators=[DataRequired(_l("Say why this mail is not a request.")), Length(max=1000)],
    )
