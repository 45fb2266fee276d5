"""Forms for Art. 20(2) direct transmission: staff propose or refuse it, the person confirms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from dsar.core.forms import Form


class TransmissionForm(Form):
    recipient_name = StringField(_l("Receiving organisation"), validators=[DataRequired(), Length(max=200)])
    recipient_email = EmailField(
        _l("Its address for receiving the data (the requester confirms it)"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    package = SelectField(_l("Package to send"), validators=[DataRequired()], validate_choice=False)


class RefuseTransmissionForm(Form):
    reason = TextAreaField(
        _l("Why direct transmission is not technically feasible (the requester reads this)"),
        validators=[DataRequired(), Length(max=2000)],
    )


class ConfirmTransmissionForm(Form):
    """A button with only a CSRF token: the person confirms the recipient shown on the page."""
