"""Staff, client-controller pages and mails in Dutch and French: states, roles, channels, timeline
events, request details, outbox states, the deadline explanations and the rules' refusals all come
from the catalogues (issue 16 item 1)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff
from tests.support.forms import hidden_fields

# Received on Sat 28 Feb: the explanations roll over a weekend and a short month.
RECEIVED = datetime(2026, 2, 28, 10, 0, tzinfo=UTC)
RIGHTS = {
    "rights": ["access", "erasure", "objection"],
    "objection_processing": "Profiling for advertising",
    "objection_direct_marketing": "y",
}


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_case_page_and_a_refusal_are_in_the_readers_language(
    forms, client, staff, untranslated, language
):
    with time_machine.travel(RECEIVED, tick=False):
        forms.submit_request(**RIGHTS)
    staff("handler")
    sign_in(forms)
    reference = the_case().reference
    path = f"/staff/cases/{reference}?lang={language}"
    page = client.get(path).get_data(as_text=True)
    state = the_case().state
    # The case is not ready for an answer: the rules refuse, and say why in the reader's language.
    refused = client.post(
        f"/staff/cases/{reference}/answer", data=hidden_fields(page), follow_redirects=True
    ).get_data(as_text=True)
    outbox = client.get("/staff/outbox/").get_data(as_text=True)
    queue = client.get("/staff/cases").get_data(as_text=True)

    assert the_case().state == state == "awaiting_verification"  # the refusal changed nothing
    expected = {
        "nl": [
            "Wacht op verificatie",
            "Webformulier",
            "Verzoek ontvangen",
            "Ontvangstbevestiging klaargezet",
            "Betreft direct marketing",
            "ja",
            "is een zaterdag",
            "Behandelaar",
            "kan niet zolang",
        ],
        "fr": [
            "En attente de vérification",
            "Formulaire web",
            "Demande reçue",
            "Accusé de réception mis en file",
            "Concerne la prospection",
            "oui",
            "est un samedi",
            "Gestionnaire de dossiers",
            "n'est pas possible tant que",
        ],
    }[language]
    for words in expected:
        assert words in unescape(page + refused), words
    pages = {"case": page, "refusal": refused, "outbox": outbox, "queue": queue}
    assert {name: untranslated(html, language) for name, html in pages.items()} == {key: [] for key in pages}


def test_the_controller_page_and_mail_word_the_request_in_the_controllers_language(
    forms, client, staff, app, untranslated
):
    controller = add_controller(language="fr")
    forms.submit_request(controller=str(controller.id), rights=["erasure"], erasure_scope="Mes commandes")
    forward_as_staff(forms, client, staff)
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "controller_forward")
    ).one()
    page = app.test_client().get(controller_path() + "?lang=fr").get_data(as_text=True)

    for text in (mail.body_text, mail.body_html, page):
        assert "Formulaire web" in text and "Effacement" in text and "Données à effacer, et pourquoi" in text
        assert "erasure_scope" not in text and ": web" not in text
    assert untranslated(page, "fr") == [] and untranslated(mail.body_html, "fr") == []


def test_public_holidays_in_the_deadline_steps_are_named_in_the_readers_language(forms, client, staff):
    with time_machine.travel(datetime(2026, 3, 5, 9, 0, tzinfo=UTC), tick=False):
        forms.submit_request()  # one month ends on Easter Sunday, rolled over Easter Monday
    staff("handler")
    sign_in(forms)
    page = unescape(client.get(f"/staff/cases/{the_case().reference}?lang=nl").get_data(as_text=True))
    assert "zo 5 apr 2026 is een zondag (Pasen) -> ma 6 apr 2026" in page
    assert "is een wettelijke feestdag (Paasmaandag)" in page and "Easter" not in page
