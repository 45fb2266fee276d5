"""Forms of the retention pages (CSRF through Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from dsar.core.forms import Form
from dsar.retention.service import MAX_REASON


class HoldForm(Form):
    reason = TextAreaField(
        _l("Reason (complaint, litigation, its reference)"),
        validators=[DataRequired(), Length(max=MAX_REASON)],
    )


class PurgeForm(Form):
    """Only the CSRF token: the list shown is what gets purged, recomputed on submit."""
