"""Staff forms on an incoming mail."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from dsar.core.forms import Form
from dsar.core.time import brussels
from dsar.intake.offline import OfflineRequestForm


class RegisterFromMailForm(OfflineRequestForm):
    """The registration form of every channel, prefilled from the mail (views.prefill). The mail's
    arrival is the latest receipt time it may carry: staff may back-date with a reason, never
    forward-date (rules 3.2), which would push the legal deadline out."""

    def __init__(self, arrived_at: datetime, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrived_at = arrived_at

    def validate_received_local(self, field):
        super().validate_received_local(field)
        # The form has whole minutes; the arrival time is cut to its minute to compare like with like.
        if field.data and self.received_at() > self.arrived_at.replace(second=0, microsecond=0):
            raise ValidationError(
                _l(
                    "The mail reached us at %(time)s: it cannot be registered as received later.",
                    time=brussels(self.arrived_at).strftime("%d-%m-%Y %H:%M"),
                )
            )


class JoinForm(Form):
    reference = StringField(_l("Reference of the existing case"), validators=[DataRequired(), Length(max=16)])


class DismissForm(Form):
    reason = TextAreaField(
        _l("Why is this not a request?"),
        validators=[DataRequired(_l("Say why this mail is not a request.")), Length(max=1000)],
    )
