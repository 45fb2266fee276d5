"""Mail texts an admin can rewrite per language, with a preview.

An override is a Jinja template with the same variables as the built-in one, rendered in a sandbox
(it cannot reach Python internals) with HTML autoescaping. It is checked against sample data before
it is saved, and if it still fails at send time the built-in text goes out instead: a template that
fails to render never sends a broken mail."""

from __future__ import annotations

import logging
from datetime import date, datetime
from types import SimpleNamespace

from flask import current_app
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow

log = logging.getLogger(__name__)

# The mails a requester or a client controller receives, with what each one is for.
EDITABLE = {
    "acknowledgement": "Receipt of a request, with the due date and the links",
    "information_request": "Asking the requester for information (pauses the clock)",
    "information_reminder": "Reminder after 14 days without an answer",
    "extension_notice": "Extension of the deadline, with the reasons",
    "forwarded_notice": "The request was forwarded to the client controller",
    "answer": "The answer, with the Art. 12(4) information when we do not act",
    "controller_forward": "A request forwarded to a client controller",
    "controller_reminder": "Reminder to a client controller",
}


class MailTemplate(db.Model):
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


def find_override(name: str, language: str) -> MailTemplate | None:
    return db.session.scalar(
        select(MailTemplate).where(MailTemplate.name == name, MailTemplate.language == language)
    )


def _environment(html: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=html)
    app_env = current_app.jinja_env
    env.filters.update(
        {key: app_env.filters[key] for key in ("long_date", "short_date", "local_datetime", "word")}
    )
    for key in ("reason_label", "outcome_label", "ground_label", "right_label"):
        if key in app_env.globals:
            env.globals[key] = app_env.globals[key]
    return env


def render_override(template: MailTemplate, context: dict) -> tuple[str, str, str]:
    """Render an override; raises on any error (callers decide: refuse to save, or fall back)."""
    subject = _environment(False).from_string(template.subject).render(context)
    body_text = _environment(False).from_string(template.body_text).render(context)
    body_html = _environment(True).from_string(template.body_html).render(context)
    if "\n" in subject.strip() or not subject.strip():
        raise ValueError("the subject must be one non-empty line")
    return " ".join(subject.split()), body_text.strip() + "\n", body_html


def try_override(name: str, language: str, context: dict) -> tuple[str, str, str] | None:
    template = find_override(name, language)
    if template is None:
        return None
    try:
        return render_override(template, context)
    except Exception:
        log.exception("mail template override %s/%s failed; the built-in text is used", name, language)
        return None


def sample_context() -> dict:
    """Realistic values for previews and for checking an override before it is saved."""
    sub = SimpleNamespace(
        right="access",
        outcome="partly_granted",
        legal_ground="art_15_4",
        reasons="Some documents also concern other people.",
        details={"access_scope": "2024"},
    )
    case = SimpleNamespace(
        reference="K7QM-3XHD",
        requester_name="An Peeters",
        requester_email="an.peeters@example.org",
        receipt_date=date(2026, 2, 2),
        one_month_due=date(2026, 3, 2),
        due_date=date(2026, 3, 2),
        received_at=datetime(2026, 2, 2, 9, 0),
        channel="web",
        sub_requests=[sub],
    )
    link = current_app.config["BASE_URL"] + "/status/sample"
    return {
        "case": case,
        "organisation": current_app.config["ORGANISATION_NAME"],
        "controller": SimpleNamespace(name="Bakkerij Janssens BV"),
        "confirm_link": link,
        "status_link": link,
        "reply_link": link,
        "link": link,
        "confirm_days": 7,
        "message": "Please give your customer number.",
        "reason": "multiple_systems",
        "note": "Your data is spread across three systems.",
        "new_due": date(2026, 5, 4),
        "not_acting": True,
        "authority_name": "Gegevensbeschermingsautoriteit",
        "authority_url": "https://www.gegevensbeschermingsautoriteit.be",
        "kind": "reminder_7",
    }
