"""Admin forms for API clients and their webhook subscriptions."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from dsar.api.clients import valid_scope
from dsar.api.webhooks import EVENT_TYPES
from dsar.core.forms import Form


class ClientForm(Form):
    name = StringField(_l("Name of the system"), validators=[DataRequired(), Length(max=100)])
    scopes = StringField(
        _l(
            "Scopes, separated by spaces: requests:create, cases:read, controller:N "
            "(N: the number of a client controller)"
        ),
        validators=[DataRequired(), Length(max=500)],
    )

    def validate_scopes(self, field):
        if not all(valid_scope(scope) for scope in field.data.split()):
            raise ValidationError(_l("Use only requests:create, cases:read and controller:N."))

    def scope_list(self) -> list[str]:
        return self.scopes.data.split()


class SubscriptionForm(Form):
    url = StringField(_l("Receiver URL"), validators=[DataRequired(), Length(max=500)])
    event_types = SelectMultipleField(
        _l("Events"),
        choices=[SelectChoice(kind, kind) for kind in EVENT_TYPES],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one event."))],
    )

    def validate_url(self, field):
        parts = urlsplit(field.data.strip())
        # Bodies are signed but not encrypted: production sends them over TLS only.
        schemes = {"https"} if current_app.config["ENV"] == "production" else {"https", "http"}
        if parts.scheme not in schemes or not parts.hostname:
            raise ValidationError(_l("Give a full https:// address."))
