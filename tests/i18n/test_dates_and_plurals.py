"""Dates in letters as the reader writes them, plurals by the catalogue's rules, and the demo record
of processing in the letter's language (issue 16 item 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.exports import demo
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import confirmed_case, decide
from tests.letters.pdfs import pdf_text


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def test_one_day_left_is_singular_in_dutch_and_french(forms, client, staff):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        forms.submit_request()  # Mon 2 Mar: due Thu 2 Apr
    staff("handler")
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), tick=False):
        sign_in(forms)
        dutch = client.get(f"/staff/cases/{the_case().reference}?lang=nl").get_data(as_text=True)
        french = client.get(f"/staff/cases/{the_case().reference}?lang=fr").get_data(as_text=True)

    assert "(1 dag, nog 1 werkdag)" in dutch and "1 dagen" not in dutch
    assert "(1 jour, 1 jour ouvrable restant)" in french and "1 jours" not in french


def test_the_demo_record_of_processing_is_in_the_letters_language(forms, client, staff, tmp_path):
    demo.seed(tmp_path)
    db.session.commit()
    case = confirmed_case(forms, rights=["access"], lang="fr")
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")

    text = pdf_text(client.get(f"/staff/cases/{case.reference}/letters/access.pdf").data)
    assert "Vendre et livrer vos commandes" in text and "(droit comptable belge)" in text
    assert "Selling and delivering your orders" not in text and "accounting law" not in text
