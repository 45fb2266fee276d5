"""Staff register a request that arrived by e-mail, letter or phone, with its actual receipt time
(rules C1, EDPB §159): back-dating needs a reason and is recorded; forward-dating is impossible."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from dsar.cases.service import NewRequest
from dsar.core.db import utcnow
from dsar.core.i18n import LANGUAGE_NAMES
from dsar.core.time import BRUSSELS
from dsar.intake.forms import RequestForm

CHANNELS = {
    "email": _l("E-mail"),
    "letter": _l("Letter"),
    "phone": _l("Phone"),
    "in_person": _l("In person"),
}
# Typing a request in shortly after it arrived is not back-dating.
BACKDATE_TOLERANCE = timedelta(hours=1)


class RegisterRequestForm(RequestForm):
    """The public form's fields and checks, without the anti-bot ones, plus channel and receipt time."""

    website = None
    started = None
    channel = SelectField(_l("Channel"), choices=[SelectChoice(k, v) for k, v in CHANNELS.items()])
    received_local = DateTimeLocalField(
        _l("Received at (Brussels time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    # No Optional() here: it would stop the chain before the back-dating check below.
    backdate_reason = TextAreaField(
        _l("Why is it registered later than it arrived?"), validators=[Length(max=1000)]
    )
    language = SelectField(
        _l("Language of the requester"), choices=[SelectChoice(k, v) for k, v in LANGUAGE_NAMES.items()]
    )

    def received_at(self) -> datetime:
        return self.received_local.data.replace(tzinfo=BRUSSELS)

    def new_request(self) -> NewRequest:
        """The request as the form describes it, whichever page registers it."""
        return NewRequest(
            rights=self.right_details(),
            name=self.name.data.strip(),
            email=self.email.data.strip(),
            language=self.language.data,
            received_at=self.received_at(),
            channel=self.channel.data,
            phone=(self.phone.data or "").strip() or None,
            customer_reference=(self.customer_reference.data or "").strip() or None,
            on_behalf=bool(self.on_behalf.data),
            subject_name=(self.subject_name.data or "").strip() or None,
            representative_relation=(self.representative_relation.data or "").strip() or None,
        )

    def validate_received_local(self, field):
        if field.data and self.received_at() > utcnow() + timedelta(minutes=1):
            raise ValidationError(_l("A request cannot be received in the future."))

    def validate_backdate_reason(self, field):
        missing_reason = not (field.data or "").strip()
        if self.received_local.data and is_backdated(self.received_at()) and missing_reason:
            raise ValidationError(_l("Say why the request is registered after it arrived."))


def is_backdated(received_at: datetime) -> bool:
    return received_at < utcnow() - BACKDATE_TOLERANCE
