from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from dsar.core.forms import Form


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class CodeForm(Form):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[DataRequired(), Length(max=64)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class ReauthForm(Form):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[Optional(), Length(max=64)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


ROLE_CHOICES = [
    SelectChoice("handler", _l("Handler")),
    SelectChoice("dpo", _l("DPO")),
    SelectChoice("auditor", _l("Auditor (read-only)")),
    SelectChoice("admin", _l("Admin")),
]


class StaffCreateForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired()])


class ConfirmForm(Form):
    """A button with nothing to fill in: the CSRF token is the content."""
