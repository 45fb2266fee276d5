"""Gap 15 of issue 12: staff can recognise an objection as one to direct marketing, with a reason;
from then on it is absolute (Art. 21(3)): no refusal, no ID copy."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import CaseEvent
from dsar.core.db import db
from dsar.intake.service import confirm_email
from tests.guards.conftest import the_case


def test_a_reclassified_objection_is_absolute(forms, case_page):
    forms.submit_request(lang="fr", rights=["objection"], objection_processing="Vos e-mails publicitaires")
    confirm_email(the_case())
    db.session.commit()
    page = case_page("fr", role="dpo")
    sub_id = the_case().sub_requests[0].id

    refused = page.post(f"rights/{sub_id}/direct-marketing", **{f"m{sub_id}-reason": " "})
    assert "Indiquez pourquoi elle concerne la prospection." in refused
    assert not the_case().sub_requests[0].direct_marketing

    page.post(f"rights/{sub_id}/direct-marketing", **{f"m{sub_id}-reason": "Il s'agit de la newsletter."})
    assert the_case().sub_requests[0].direct_marketing
    event = db.session.scalars(
        select(CaseEvent).where(CaseEvent.kind == "reclassified_direct_marketing")
    ).one()
    assert event.data["reason"] == "Il s'agit de la newsletter."

    refused = page.decide(
        "objection",
        outcome="refused",
        legal_ground="art_21_1_compelling",
        reasons="Intérêt légitime impérieux.",
        balancing_note="Mise en balance.",
    )
    assert "Une opposition à la prospection ne peut pas être refusée" in refused
    assert the_case().sub_requests[0].outcome is None
    assert f"/staff/cases/{page.reference}/identity/request" not in page.read()  # no ID copy either
