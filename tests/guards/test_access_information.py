"""Bug 8 of issue 12: an access answer never goes out without the Art. 15(1)(a)-(h) information,
and seed-demo fills a realistic record of processing in nl, fr and en (Art. 15(1), 12(1))."""

from __future__ import annotations

import pytest

from dsar.core.db import db
from dsar.intake.service import confirm_email
from dsar.letters.processing import processing_entries
from dsar.letters.service import answer_kind, letter_input
from tests.guards.conftest import mails, the_case


def granted_access(forms, case_page, lang: str):
    forms.submit_request(lang=lang, rights=["access"])
    confirm_email(the_case())
    db.session.commit()
    page = case_page(lang)
    page.decide("access", outcome="granted")
    assert the_case().sub_requests[0].outcome == "granted"
    return page


def test_no_access_answer_without_the_record_of_processing(forms, case_page, app):
    page = granted_access(forms, case_page, "nl")
    refused = page.post("answer")
    assert "moet de informatie van AVG art. 15, lid 1, a) tot h) bevatten" in refused
    assert '<a href="/staff/processing">register van verwerkingen</a>' in refused
    assert the_case().state == "in_progress" and mails("answer") == []

    result = app.test_cli_runner().invoke(args=["dsar", "seed-demo"])
    assert result.exit_code == 0, result.output
    page.post("answer")
    assert the_case().state == "answered" and len(mails("answer")) == 1
    letter = letter_input(the_case(), answer_kind(the_case()))
    purposes = {entry.purpose: entry for entry in letter.processing}
    assert set(purposes) == {
        "Uw bestellingen verkopen en leveren",
        "De webshop verbeteren en u aanbiedingen tonen die bij uw interesses passen",
    }
    assert "Bpost NV (levering)" in purposes["Uw bestellingen verkopen en leveren"].recipients


@pytest.mark.parametrize(
    ("language", "purpose", "retention"),
    [
        ("nl", "Uw bestellingen verkopen en leveren", "Belgisch boekhoudrecht"),
        ("fr", "Vendre et livrer vos commandes", "droit comptable belge"),
        ("en", "Selling and delivering your orders", "Belgian accounting law"),
    ],
)
def test_seed_demo_describes_the_processing_in_each_language(forms, app, language, purpose, retention):
    assert app.test_cli_runner().invoke(args=["dsar", "seed-demo"]).exit_code == 0
    forms.submit_request(lang=language, rights=["access"])
    entries = processing_entries(the_case())
    orders = next(entry for entry in entries if entry.purpose == purpose)
    assert retention in orders.retention and orders.recipients  # Art. 15(1)(c) by name, (d)
    marketing = next(entry for entry in entries if entry is not orders)
    assert marketing.automated_decisions and marketing.transfers  # Art. 15(1)(h), 15(2)
