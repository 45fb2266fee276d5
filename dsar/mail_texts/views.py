"""Admins rewrite mail texts per language, preview them, or go back to the built-in text."""

from __future__ import annotations

import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from dsar.core import audit, mail_overrides, recent_login
from dsar.core.access import requires
from dsar.core.db import db, utcnow
from dsar.core.forms import Form
from dsar.core.i18n import LANGUAGE_NAMES, LANGUAGES
from dsar.core.mail import render_mail
from dsar.core.recent_login import recent_login_required
from dsar.mail_texts.catalogue import EDITABLE, sample_context
from dsar.mail_texts.starter import starter

bp = Blueprint("mail_texts", __name__, url_prefix="/staff/mail-templates")


class MailTextForm(Form):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=255)])
    body_text = TextAreaField(_l("Text of the mail"), validators=[DataRequired(), Length(max=20000)])
    body_html = TextAreaField(_l("HTML version of the mail"), validators=[DataRequired(), Length(max=40000)])


@bp.route("/")
@requires("mail_texts.edit")
def overview():
    overrides = db.session.scalars(db.select(mail_overrides.MailOverride))
    return render_template(
        "mail_texts/overview.html",
        editable=EDITABLE,
        languages=LANGUAGES,
        language_names=LANGUAGE_NAMES,
        overridden={(t.name, t.language): t for t in overrides},
    )


def _built_in(name: str, language: str) -> tuple[str, str, str]:
    return render_mail(name, language, use_override=False, **sample_context())


@bp.route("/<name>/<language>", methods=["GET", "POST"])
@requires("mail_texts.edit")
@recent_login_required(methods=("POST",))  # security.md A-11: a changed text reaches every requester
def edit(name: str, language: str):
    if name not in EDITABLE or language not in LANGUAGES:
        abort(404)
    existing = mail_overrides.find_override(name, language)
    # A text interrupted by a fresh sign-in comes back as typed; with nothing saved yet, the editor
    # opens on the built-in text in this language, ready to change.
    here = url_for("mail_texts.edit", name=name, language=language)
    held = recent_login.take_held_form(here) if request.method == "GET" else None
    if held is not None:
        form = MailTextForm(formdata=held)
        db.session.commit()  # the held text is given back once
    else:
        form = MailTextForm(obj=existing or starter(name, language))
    preview = error = required = None
    if form.validate_on_submit():
        candidate = mail_overrides.MailOverride(
            name=name,
            language=language,
            subject=form.subject.data,
            body_text=form.body_text.data,
            body_html=form.body_html.data,
        )
        try:
            with force_locale(language):
                preview = mail_overrides.render_override(candidate, sample_context())
        except mail_overrides.RequiredBlocksMissing as exc:
            # Art. 12(3), 12(4), 77, 79: an admin's text cannot drop what the law requires.
            required = _(
                "Not saved: this mail must keep what the law requires (GDPR Art. 12(3), 12(4), 77 "
                "and 79): the reasons, the new date of an extension, and the right to complain to a "
                "supervisory authority and to go to court. Put these back in both the text and the "
                "HTML version: %(missing)s",
                missing=", ".join(exc.missing),
            )
        except Exception as exc:
            error = str(exc)
        if preview and request.form.get("action") == "save":
            _save(existing, candidate)
            flash(_("Saved. New mails use this text."), "info")
            return redirect(url_for("mail_texts.overview"))
    return render_template(
        "mail_texts/edit.html",
        form=form,
        name=name,
        title=EDITABLE[name][0],
        language=language,
        language_name=LANGUAGE_NAMES[language],
        preview=preview,
        error=error,
        required=required,
        required_parts=mail_overrides.required_placeholders(name),
        built_in=_built_in(name, language),
        existing=existing,
    )


def _save(existing, candidate) -> None:
    target = existing or candidate
    target.subject, target.body_text, target.body_html = (
        candidate.subject,
        candidate.body_text,
        candidate.body_html,
    )
    target.updated_at, target.updated_by_id = utcnow(), current_user.id
    target.failed_at = target.failure = None
    db.session.add(target)
    # A mail text reaches every requester: who changed which text is on the trail, with a digest
    # that proves which version it was (the trail holds codes and ids, not whole texts).
    content = "\0".join((target.subject, target.body_text, target.body_html)).encode()
    audit.record(
        "mail_template.saved",
        current_user.id,
        template=target.name,
        language=target.language,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    db.session.commit()


@bp.route("/<name>/<language>/reset", methods=["POST"])
@requires("mail_texts.edit")
@recent_login_required
def reset(name: str, language: str):
    existing = mail_overrides.find_override(name, language)
    if existing and FlaskForm().validate_on_submit():
        db.session.delete(existing)
        audit.record("mail_template.reset", current_user.id, template=name, language=language)
        db.session.commit()
        flash(_("The built-in text is used again."), "info")
    return redirect(url_for("mail_texts.overview"))
