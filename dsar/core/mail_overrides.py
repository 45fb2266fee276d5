"""Mail texts an admin rewrote per language (the editor is dsar/mail_texts), used in place of the
built-in text at send time.

An override is a Jinja template with the same variables as the built-in one. It is rendered in an
immutable sandbox (no Python internals, no changes to its values, no globals beyond our label
functions) with HTML autoescaping, and it only ever sees plain values prepared here: strings,
numbers, dates, lists and dicts of them, never a database object, session, config or request (a
template that reached a model could reach the database through it). It is checked against sample
data before it is saved, and if it still fails at send time the built-in text goes out instead and
the override is flagged for the admins: a template that fails to render never loses or breaks a mail."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import current_app
from flask_babel import gettext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import escape
from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core import templating
from dsar.core.db import UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

# The only attributes copied from an object into a mail's values (``case.reference``,
# ``sub.right``, ``controller.name``, ...): the vocabulary of every built-in mail, nothing more.
MAIL_FIELDS = (
    "reference",
    "requester_name",
    "requester_email",
    "receipt_date",
    "one_month_due",
    "due_date",
    "received_at",
    "channel",
    "state",
    "sub_requests",
    "right",
    "outcome",
    "legal_ground",
    "reasons",
    "details",
    "name",
)
PLAIN_TYPES = (str, int, float, Decimal, date, type(None))  # bool is an int; datetime is a date
MAX_DEPTH = 8  # context, case, sub_requests, a sub-request, its details, a value in them
MAX_REPEAT = 100_000  # longest string or list an override may build with * (memory exhaustion)


class MailOverride(db.Model):
    """An admin's text of one mail in one language, used instead of the built-in one."""

    __tablename__ = "mail_template"
    __table_args__ = (UniqueConstraint("name", "language", name="uq_mail_template_name_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column()
    # Set when the text failed at send time and the built-in text went out instead; cleared on save.
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failure: Mapped[str | None] = mapped_column(String(200))


def find_override(name: str, language: str) -> MailOverride | None:
    return db.session.scalar(
        select(MailOverride).where(MailOverride.name == name, MailOverride.language == language)
    )


def mail_values(value, depth: int = 0):
    """A plain copy of a mail's context: what a template may see, and nothing it could call into."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool | datetime | date):
        return value
    if isinstance(value, str):
        return str(value)  # a plain str: no subclass (Markup, enums) with methods of its own
    if isinstance(value, PLAIN_TYPES):
        return value
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {str(key): mail_values(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mail_values(item, depth + 1) for item in value]
    return {
        field: mail_values(getattr(value, field), depth + 1) for field in MAIL_FIELDS if hasattr(value, field)
    }


class MailSandbox(ImmutableSandboxedEnvironment):
    """The sandbox for admin-written texts: no default globals (range, lipsum, dict, cycler,
    joiner, namespace) and no giant strings or numbers built with * or **."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("exponent too large")
        if operator == "*":
            for repeated, times in ((left, right), (right, left)):
                too_long = isinstance(repeated, str | list) and isinstance(times, int)
                if too_long and len(repeated) * times > MAX_REPEAT:
                    raise SecurityError("result too large")
        return super().call_binop(context, operator, left, right)


def _environment(html: bool) -> MailSandbox:
    env = MailSandbox(autoescape=html)
    env.globals.clear()
    app_env = current_app.jinja_env
    env.filters.update(
        {key: app_env.filters[key] for key in ("long_date", "short_date", "local_datetime", "word")}
    )
    for key in ("reason_label", "outcome_label", "ground_label", "right_label", "detail_value"):
        if key in app_env.globals:
            env.globals[key] = app_env.globals[key]
    return env


def remedies_sentence(authority_name: str, authority_url: str) -> str:
    """The remedies every mail that may disappoint the requester names, in the current language:
    any supervisory authority, in particular where the requester lives or works or where the
    infringement took place (Art. 77(1)), and the courts where we are established or where the
    requester habitually resides (Art. 79(2))."""
    return gettext(
        "You have the right to lodge a complaint with a supervisory authority, in particular in the "
        "EU Member State of your habitual residence, of your place of work or of the place of the "
        "alleged infringement (GDPR Art. 77(1)); where we are established, this is %(authority)s "
        "(%(url)s). You may also bring proceedings before the courts of the Member State where we "
        "are established or of the Member State where you have your habitual residence "
        "(GDPR Art. 79(2)).",
        authority=authority_name,
        url=authority_url,
    )


def with_remedies(values: dict) -> dict:
    """A mail that knows the supervisory authority gets the ``remedies`` sentence to show."""
    if values.get("authority_name") and "remedies" not in values:
        values["remedies"] = remedies_sentence(values["authority_name"], values.get("authority_url") or "")
    return values


# What an admin's text may not leave out (Art. 12(3), 12(4), 77, 79): the mail name, and for each
# required part, when it is required and the values whose text must appear in the rendered mail.
REQUIRED_BLOCKS = {
    "answer": ("not_acting", ("reasons", "remedies")),
    "extension_notice": (None, ("reason", "new_due", "remedies")),
    "fee_notice": (None, ("amount", "fee_reasons", "remedies")),
}
BLOCK_PLACEHOLDERS = {
    "reasons": "{{ sub.reasons }}",
    "remedies": "{{ remedies }}",
    "reason": "{{ reason_label(reason) }}",
    "new_due": "{{ new_due|long_date }}",
    "amount": "{{ amount }}",
    "fee_reasons": "{{ reasons }}",
}


def required_placeholders(name: str) -> list[str]:
    """What the editor shows as required for this mail."""
    return [BLOCK_PLACEHOLDERS[block] for block in REQUIRED_BLOCKS.get(name, (None, ()))[1]]


class RequiredBlocksMissing(ValueError):
    """An admin's text left out a part the law requires; ``missing`` names the placeholders."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("required parts missing: " + ", ".join(missing))


def _block_texts(name: str, values: dict) -> dict[str, list[str]]:
    """The rendered text of each required part, as it must appear in the mail."""
    when, blocks = REQUIRED_BLOCKS.get(name, (None, ()))
    if when and not values.get(when):
        return {}
    env = current_app.jinja_env
    texts: dict[str, list[str]] = {}
    for block in blocks:
        if block == "reasons":
            subs = (values.get("case") or {}).get("sub_requests") or []
            texts[block] = [s["reasons"] for s in subs if isinstance(s, dict) and s.get("reasons")]
        elif block == "reason" and values.get("reason"):
            texts[block] = [env.globals["reason_label"](values["reason"])]
        elif block == "new_due" and values.get("new_due"):
            texts[block] = [templating.long_date(values["new_due"])]
        elif block == "fee_reasons" and values.get("reasons"):
            texts[block] = [values["reasons"]]
        elif values.get(block):
            texts[block] = [values[block]]
    return texts


def check_required_blocks(name: str, values: dict, body_text: str, body_html: str) -> None:
    """Refuse a text that drops a legally required part, in the text or in the HTML version."""
    missing = []
    for block, texts in _block_texts(name, values).items():
        squeeze = " ".join
        in_text = all(squeeze(t.split()) in squeeze(body_text.split()) for t in texts)
        in_html = all(squeeze(str(escape(t)).split()) in squeeze(body_html.split()) for t in texts)
        if not (in_text and in_html):
            missing.append(BLOCK_PLACEHOLDERS[block])
    if missing:
        raise RequiredBlocksMissing(missing)


def render_override(override: MailOverride, context: dict) -> tuple[str, str, str]:
    """Render an override; raises on any error (callers decide: refuse to save, or fall back)."""
    values = with_remedies(mail_values(context))
    subject = _environment(False).from_string(override.subject).render(values)
    body_text = _environment(False).from_string(override.body_text).render(values)
    body_html = _environment(True).from_string(override.body_html).render(values)
    if "\n" in subject.strip() or not subject.strip():
        raise ValueError("the subject must be one non-empty line")
    check_required_blocks(override.name, values, body_text, body_html)
    return " ".join(subject.split()), body_text.strip() + "\n", body_html


def describe_failure(exc: Exception) -> str:
    """What went wrong and where, without the values involved: an error message can quote the
    requester's name or address, which must not land in a log or on a staff page (security.md Z-04)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:  # Jinja maps a runtime error back to a frame of the template's source
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{type(exc).__name__}" + (f" (line {line})" if line else "")


def try_override(name: str, language: str, context: dict) -> tuple[str, str, str] | None:
    override = find_override(name, language)
    if override is None:
        return None
    try:
        return render_override(override, context)
    except Exception as exc:
        # The mail still goes out with the built-in text; the admins see the flag on the overview.
        override.failed_at, override.failure = utcnow(), describe_failure(exc)
        log.error(
            "mail template override %s/%s failed: %s; the built-in text is used",
            name,
            language,
            override.failure,
        )
        return None
