"""Forms of the work queue: assigning a case, and one action on the cases ticked in the queue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from dsar.cases.queue import REFERENCE
from dsar.core.forms import Form

MAX_BULK = 100  # two pages; within MAX_FORM_PARTS, and no request runs for minutes

BULK_ACTIONS = {
    "assign": _l("Assign to"),
    "duplicate": _l("Mark as duplicate of case"),
    "spam": _l("Mark as spam"),
}


def clean_reference(raw: str | None) -> str | None:
    """A case reference as typed (any case, spaces around), or None when it cannot be one."""
    reference = (raw or "").strip().upper()
    return reference if REFERENCE.match(reference) else None


class AssignForm(Form):
    assignee = IntegerField(_l("Assigned to"), validators=[Optional()])


class BulkForm(Form):
    action = SelectField(_l("Action"), choices=[SelectChoice(k, v) for k, v in BULK_ACTIONS.items()])
    assignee = IntegerField(_l("Assign to"), validators=[Optional()])
    # No Optional() on these two: it would stop the chain before the checks below.
    duplicate_of = StringField(_l("Duplicate of case"), validators=[Length(max=20)])
    reason = TextAreaField(_l("Reason (kept on each case)"), validators=[Length(max=2000)])

    def validate_duplicate_of(self, field):
        if self.action.data == "duplicate" and not clean_reference(field.data):
            raise ValidationError(_l("Give the reference of the case it repeats, such as ABCD-1234."))

    def validate_reason(self, field):
        if self.action.data in ("duplicate", "spam") and not (field.data or "").strip():
            raise ValidationError(_l("Write the reason; it stays on each case file."))
