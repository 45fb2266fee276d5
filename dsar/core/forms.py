"""The base of every form: no invisible control characters in what people type.

A NUL byte cannot be stored in PostgreSQL at all (the insert fails), and other control characters
break mails, CSV files, PDF letters and logs that later show the text. Every form refuses them with a
message on the field, and gives the text back without them so the person loses nothing; line breaks
and tabs are text in a multi-line field, and refused in a one-line field (security.md V, ASVS 2.2.1)."""

from __future__ import annotations

import functools
import re

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.i18n import messages_path

# C0 controls, DEL and C1 controls; a multi-line field keeps tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MULTI_LINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

REMOVED = _l(
    "This field contained invisible control characters (for example from a copy and paste) that "
    "cannot be kept; we removed them. Check the text and send it again."
)


def _control_characters(field) -> re.Pattern:
    return CONTROL_CHARACTERS_MULTI_LINE if isinstance(field, TextAreaField) else CONTROL_CHARACTERS


@functools.lru_cache(maxsize=16)
def _wtforms_catalogue(language: str) -> support.NullTranslations:
    """WTForms' own messages in one language. Flask-WTF reads this catalogue from disk again on
    every request that builds a form; it does not change while the process runs."""
    return support.Translations.load(messages_path(), [language], domain="wtforms")


class _WTFormsMessages:
    """What Flask-WTF's translations give (the reader's language), from the kept catalogue."""

    def gettext(self, string: str) -> str:
        return _wtforms_catalogue(str(get_locale())).ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(str(get_locale())).ungettext(singular, plural, n)


WTFORMS_MESSAGES = _WTFormsMessages()


class Form(FlaskForm):
    """FlaskForm plus the control-character rule; every form of the portal derives from it."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return WTFORMS_MESSAGES

    def validate(self, extra_validators=None) -> bool:
        # Cleaned before the field validators run, so none of them sends a NUL to the database.
        dirty = [field for field in self if self._remove_control_characters(field)]
        valid = super().validate(extra_validators)
        for field in dirty:
            field.errors.append(str(REMOVED))
        return valid and not dirty

    def error_messages(self) -> list[str]:
        """Each field's errors with its label, for pages that answer a form with a redirect."""
        return [f"{field.label.text}: {error}" for field in self for error in field.errors]

    @staticmethod
    def _remove_control_characters(field) -> bool:
        if not isinstance(field, StringField) or not isinstance(field.data, str):
            return False
        cleaned = _control_characters(field).sub("", field.data)
        if cleaned == field.data:
            return False
        field.data = cleaned
        return True
