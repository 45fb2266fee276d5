"""Admins rewrite mail texts per language with a preview; a broken text never sends a broken mail."""

from __future__ import annotations

from sqlalchemy import select

from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.mail_overrides import MailOverride
from tests.accounts.test_sign_in import sign_in

GOOD = {
    "subject": "Ontvangen: {{ case.reference }}",
    "body_text": "Dag {{ case.requester_name }}, we antwoorden tegen {{ case.one_month_due|long_date }}.",
    "body_html": "<p>Dag {{ case.requester_name }}</p>",
}


def as_admin(forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")


def test_preview_renders_sample_data_without_saving(forms, client, staff):
    as_admin(forms, staff)
    page = forms.post("/staff/mail-templates/acknowledgement/nl", {**GOOD, "action": "preview"}).get_data(
        as_text=True
    )
    assert "Ontvangen: K7QM-3XHD" in page and "maandag 2 maart 2026" in page
    assert db.session.scalars(select(MailOverride)).all() == []


def test_a_saved_text_is_used_for_new_mails_in_that_language_only(forms, client, staff):
    as_admin(forms, staff)
    forms.post("/staff/mail-templates/acknowledgement/nl", {**GOOD, "action": "save"})
    forms.submit_request(lang="nl", email="nl@example.org")
    forms.submit_request(lang="en", email="en@example.org")
    by_address = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    assert by_address["nl@example.org"].subject.startswith("Ontvangen: ")
    assert by_address["nl@example.org"].body_text.startswith("Dag An Peeters")
    assert by_address["en@example.org"].subject.startswith("We received your privacy request")


def test_a_text_that_cannot_render_is_refused(forms, client, staff):
    as_admin(forms, staff)
    broken = {**GOOD, "body_text": "{{ case.reference | no_such_filter }}", "action": "save"}
    page = forms.post("/staff/mail-templates/acknowledgement/nl", broken).get_data(as_text=True)
    assert "cannot be rendered and was not saved" in page
    assert db.session.scalars(select(MailOverride)).all() == []


def test_an_override_that_fails_at_send_time_falls_back_to_the_built_in_text(forms):
    db.session.add(
        MailOverride(
            name="acknowledgement",
            language="en",
            subject="{{ case.nope.deeper }}",
            body_text="x",
            body_html="x",
        )
    )
    db.session.commit()
    forms.submit_request(lang="en")
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.subject.startswith("We received your privacy request")


def test_the_sandbox_keeps_templates_away_from_python_internals(forms, staff):
    as_admin(forms, staff)
    attack = {**GOOD, "body_text": "X{{ case.__class__.__mro__ }}{{ ''.__class__ }}X", "action": "preview"}
    page = forms.post("/staff/mail-templates/acknowledgement/en", attack).get_data(as_text=True)
    assert "cannot be rendered and was not saved" in page and "is unsafe" in page
    assert "&lt;class" not in page


def test_html_overrides_escape_requester_text(forms, staff):
    as_admin(forms, staff)
    forms.post("/staff/mail-templates/acknowledgement/en", {**GOOD, "action": "save"})
    forms.submit_request(lang="en", name="<b>Bold</b> Person")
    message = db.session.scalars(select(OutboxMessage)).one()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in message.body_html


def test_only_admins_edit_mail_texts(forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get("/staff/mail-templates/").status_code == 403


ANSWER = {
    "subject": "Antwoord {{ case.reference }}",
    "body_text": (
        "Dag {{ case.requester_name }},\n{% for sub in case.sub_requests %}{{ sub.reasons }}\n{% endfor %}"
    ),
    "body_html": "<p>{% for sub in case.sub_requests %}{{ sub.reasons }}{% endfor %}</p>",
}


def test_an_answer_text_without_the_remedies_is_refused(forms, staff):
    as_admin(forms, staff)
    page = forms.post("/staff/mail-templates/answer/nl", {**ANSWER, "action": "save"}).get_data(as_text=True)
    assert "Not saved: this mail must keep what the law requires" in " ".join(page.split())
    assert "{{ remedies }}" in page
    assert db.session.scalars(select(MailOverride)).all() == []
    editor = forms.client.get("/staff/mail-templates/answer/en").get_data(as_text=True)
    assert "the HTML version: {{ sub.reasons }}, {{ remedies }}" in editor


def test_an_extension_text_without_the_new_date_is_refused_and_with_it_is_saved(forms, staff):
    as_admin(forms, staff)
    text = "{{ reason_label(reason) }} {{ remedies }}"
    fields = {"subject": "Verlenging", "body_text": text, "body_html": f"<p>{text}</p>", "action": "save"}
    page = forms.post("/staff/mail-templates/extension_notice/en", fields).get_data(as_text=True)
    assert "{{ new_due|long_date }}" in page and db.session.scalars(select(MailOverride)).all() == []
    text += " {{ new_due|long_date }}"
    fields.update(body_text=text, body_html=f"<p>{text}</p>")
    forms.post("/staff/mail-templates/extension_notice/en", fields)
    assert db.session.scalars(select(MailOverride)).one().name == "extension_notice"


def test_a_stored_answer_text_without_the_remedies_is_not_sent(app, forms):
    """A text saved before the check existed: the built-in text, with the remedies, goes out."""
    from dsar.core.mail import render_mail
    from dsar.mail_texts.catalogue import sample_context

    db.session.add(
        MailOverride(
            name="answer", language="en", subject="A", **{k: ANSWER[k] for k in ("body_text", "body_html")}
        )
    )
    db.session.commit()
    with app.test_request_context():
        subject, text, _html = render_mail("answer", "en", **sample_context())
    assert subject != "A" and "habitual residence" in text


def test_the_editor_opens_on_the_built_in_text_in_its_language_with_a_worded_title(forms, client, staff):
    as_admin(forms, staff)
    page = client.get("/staff/mail-templates/answer/nl").get_data(as_text=True)
    assert "<textarea" in page and "{{ case.requester_name }}" in page
    assert "Beste {{ case.requester_name }}," in page  # the Dutch sentence, not the English msgid
    assert "Dear " not in page.split("<form", 1)[1].split("</form>", 1)[0]
    assert "Mail text: Answer to the request (Nederlands)" in page and ">answer (nl)<" not in page
    dutch = client.get("/staff/mail-templates/answer/fr?lang=nl").get_data(as_text=True)
    assert "Mailtekst: Antwoord op het verzoek (Français)" in dutch and "Tekst van de mail" in dutch
    assert "{{ case.requester_name }}" in dutch and "Beste {{" not in dutch  # French mail, Dutch page
    overview = client.get("/staff/mail-templates/").get_data(as_text=True)
    assert "Antwoord op het verzoek" in overview and "<strong>answer</strong>" not in overview


def test_every_built_in_text_as_a_starting_point_renders_like_the_built_in_mail(app):
    from flask_babel import force_locale

    from dsar.core.mail import render_mail
    from dsar.core.mail_overrides import render_override
    from dsar.mail_texts.catalogue import EDITABLE, sample_context
    from dsar.mail_texts.starter import starter

    with app.test_request_context():
        context = sample_context()
        for name in EDITABLE:
            for language in ("nl", "fr", "en"):
                begin = starter(name, language)
                candidate = MailOverride(
                    name=name,
                    language=language,
                    subject=begin.subject,
                    body_text=begin.body_text,
                    body_html=begin.body_html,
                )
                with force_locale(language):
                    subject, text, html = render_override(candidate, context)
                built_in = render_mail(name, language, use_override=False, **context)
                assert (subject, text) == built_in[:2], (name, language)
                assert " ".join(html.split()) == " ".join(built_in[2].split()), (name, language)


def test_a_text_interrupted_by_a_fresh_sign_in_comes_back_as_typed(forms, client, staff):
    from datetime import UTC, datetime, timedelta

    import time_machine

    from tests.support.forms import hidden_fields
    from tests.support.signin import PASSWORD, code_for

    admin = staff("admin")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=1), tick=False) as clock:
        as_admin(forms, lambda *a, **k: admin)
        page = client.get("/staff/mail-templates/answer/en").get_data(as_text=True)
        clock.shift(timedelta(minutes=20))
        typed = {**GOOD, "body_text": "Dag {{ case.requester_name }}, een lange tekst.", "action": "save"}
        response = client.post(
            "/staff/mail-templates/answer/en",
            data={**hidden_fields(page), **typed},
            headers={"Referer": "http://portal.test/staff/mail-templates/answer/en"},
        )
        assert "/staff/reauth" in response.location and "lange" not in response.location
        back = forms.post(response.location, {"password": PASSWORD, "code": code_for(admin)})
        assert back.location.endswith("/staff/mail-templates/answer/en")
        page = client.get(back.location).get_data(as_text=True)
    assert "een lange tekst." in page and db.session.scalars(select(MailOverride)).all() == []
