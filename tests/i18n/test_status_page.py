"""A richer status page (issue 16 item 5): after the answer, the outcome per right and the answer's
files while their links are valid; a short history; the organisation's contact and privacy notice."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

import pytest

from dsar.core.db import db
from dsar.intake.service import status_url
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import (  # noqa: F401 - record_of_processing: autouse, Art. 15(1) record
    confirmed_case,
    decide,
    post_action,
    record_of_processing,
    the_case,
)
from tests.cases.test_files import CSV, attach


@pytest.fixture
def app(make_app):
    app = make_app(
        ORGANISATION_ADDRESS="Kerkstraat 1; 1000 Brussel",
        CONTACT_EMAIL="privacy@example.org",
        PRIVACY_NOTICE_URL="https://example.org/privacy",
    )
    with app.app_context():
        yield app
        db.session.remove()


def status_page(app, language: str) -> str:
    with app.test_request_context():
        path = urlsplit(status_url(the_case())).path
    return unescape(app.test_client().get(f"{path}?lang={language}").get_data(as_text=True))


def test_after_the_answer_the_page_shows_the_outcome_the_files_and_the_history(app, forms, client, staff):
    case = confirmed_case(forms, rights=["access", "erasure"], lang="nl")
    staff("handler")
    sign_in(forms)
    decide(client, case, "erasure", outcome="no_data_held")
    before = status_page(app, "nl")
    assert "Onze beslissing" not in before and "Geen gegevens over u" not in before  # not before the answer

    attach(client, case, CSV, "orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")
    page = status_page(app, "nl")

    assert "Onze beslissing" in page and "Ingewilligd" in page
    assert 'href="http://portal.test/download/' in page and "orders.csv" in page and "beschikbaar tot" in page
    assert "Wij hebben uw verzoek ontvangen." in page and "We hebben u ons antwoord gestuurd." in page
    assert "Kerkstraat 1" in page and "privacy@example.org" in page
    assert '<a href="https://example.org/privacy">Onze privacyverklaring</a>' in page
