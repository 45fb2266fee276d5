"""Gap 14 of issue 12: a refusal sent after the one-month date of an extended case needs a
confirmation that shows the risk (Art. 12(4): reasons for not acting within one month of receipt)."""

from __future__ import annotations

from dsar.core.db import db
from dsar.intake.service import confirm_email
from tests.guards.conftest import at, the_case

REFUSAL = {"outcome": "refused", "legal_ground": "art_23_national", "reasons": "Restriction légale."}


def extended_case(forms, case_page):
    with at(2026, 2, 2, 9):
        forms.submit_request(lang="fr", rights=["access"])
        confirm_email(the_case())
        db.session.commit()
    with at(2026, 2, 10):
        page = case_page("fr")
        page.post("extend", reason="multiple_systems", note="Trois systèmes à consulter.")
    assert the_case().extended_at is not None and str(the_case().one_month_due) == "2026-03-02"
    return page


def test_a_late_refusal_of_an_extended_case_needs_the_confirmation(forms, case_page):
    page = extended_case(forms, case_page)
    with at(2026, 3, 5):
        page.sign_in()
        assert "Un refus maintenant pourrait être jugé tardif" in page.text()
        refused = page.decide("access", **REFUSAL)
        assert "La date d'un mois (lun. 2 mars 2026) est dépassée" in refused
        assert the_case().sub_requests[0].outcome is None
        page.decide("access", **REFUSAL, confirm_late_refusal="y")
    assert the_case().sub_requests[0].outcome == "refused"


def test_within_the_month_no_confirmation_is_asked(forms, case_page):
    page = extended_case(forms, case_page)
    with at(2026, 3, 2):
        page.sign_in()
        assert "Un refus maintenant pourrait être jugé tardif" not in page.text()
        page.decide("access", **REFUSAL)
    assert the_case().sub_requests[0].outcome == "refused"
