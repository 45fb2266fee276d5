"""Offline requests: staff register a request that arrived by e-mail, letter or phone, with its actual
receipt time (rules C1, EDPB §159): back-dating needs a reason and is recorded; forward-dating is
impossible. The mailbox and the API file requests through the same form."""

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


class OfflineRequestForm(RequestForm):
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
        return new_request(self, self.language.data, self.received_at(), self.channel.data)

    def validate_received_local(self, field):
        if field.data and self.received_at() > utcnow() + timedelta(minutes=1):
            raise ValidationError(_l("A request cannot be received in the future."))

    def validate_backdate_reason(self, field):
        missing_reason = not (field.data or "").strip()
        if self.received_local.data and is_backdated(self.received_at()) and missing_reason:
            raise ValidationError(_l("Say why the request is registered after it arrived."))


def is_backdated(received_at: datetime) -> bool:
    return received_at < utcnow() - BACKDATE_TOLERANCE


def new_request(form: RequestForm, language: str, received_at: datetime, channel: str) -> NewRequest:
    """The request a validated form describes: the staff form and the API file requests alike."""
    return NewRequest(
        rights=form.right_details(),
        name=form.name.data.strip(),
        email=form.email.data.strip(),
        language=language,
        received_at=received_at,
        channel=channel,
        phone=(form.phone.data or "").strip() or None,
        customer_reference=(form.customer_reference.data or "").strip() or None,
        on_behalf=bool(form.on_behalf.data),
        subject_name=(form.subject_name.data or "").strip() or None,
        representative_relation=(form.representative_relation.data or "").strip() or None,
    )
