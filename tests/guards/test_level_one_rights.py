"""Bugs 5-7 and gap 13 of issue 12: a consent withdrawal or a direct-marketing objection needs no
proof of identity, cannot be refused in disguise and is not delayed (Art. 7(3), 21(3), GBA 145/2022)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import CasePause
from dsar.core.db import db
from dsar.identity.models import IdCopyRequest
from dsar.intake.service import confirm_email
from tests.guards.conftest import CONSENT, DIRECT_MARKETING, mails, the_case

LEVEL_ONE = pytest.mark.parametrize(
    ("request_fields", "right"), [(CONSENT, "consent_withdrawal"), (DIRECT_MARKETING, "objection")]
)


@LEVEL_ONE
def test_a_level_one_right_is_not_decided_as_identity_not_confirmed(forms, case_page, request_fields, right):
    forms.submit_request(lang="fr", **request_fields)
    page = case_page("fr")
    refused = page.decide(right, outcome="identity_not_confirmed", reasons="Identité non vérifiée.")
    assert "ne peut pas être « identité non confirmée »" in refused
    assert the_case().sub_requests[0].outcome is None


@LEVEL_ONE
def test_no_id_copy_is_asked_for_a_level_one_right(forms, case_page, request_fields, right):
    forms.submit_request(lang="nl", **request_fields)
    page = case_page("nl")
    assert f"/staff/cases/{page.reference}/identity/request" not in page.read()
    refused = page.post("identity/request", reason="Het adres lijkt niet te kloppen.")
    assert "nooit gevraagd om toestemming in te trekken of direct marketing te stoppen" in refused
    assert db.session.scalars(select(IdCopyRequest)).all() == []
    assert mails("id_copy_request") == [] and mails("information_request") == []


def test_an_id_copy_stays_possible_for_an_ordinary_objection(forms, case_page):
    forms.submit_request(rights=["objection"], objection_processing="Profiling for credit scoring")
    confirm_email(the_case())
    db.session.commit()
    page = case_page("en")
    page.post("identity/request", reason="The address does not match our records.")
    assert len(db.session.scalars(select(IdCopyRequest)).all()) == 1


@LEVEL_ONE
def test_no_identity_pause_for_a_level_one_right(forms, case_page, request_fields, right):
    forms.submit_request(lang="nl", **request_fields)
    page = case_page("nl")
    refused = page.post("request-information", reason="identity", message="Stuur ons uw klantnummer.")
    assert "de termijn kan daarvoor niet worden opgeschort" in refused
    assert the_case().state == "in_progress"
    assert db.session.scalars(select(CasePause)).all() == [] and mails("information_request") == []


@LEVEL_ONE
def test_a_case_of_level_one_rights_only_cannot_be_extended(forms, case_page, request_fields, right):
    forms.submit_request(lang="fr", **request_fields)
    page = case_page("fr", role="dpo")
    refused = page.post("extend", reason="large_volume", note="Beaucoup de systèmes.")
    assert "le délai ne peut pas être prolongé" in refused
    case = the_case()
    assert case.extended_at is None and case.due_date == case.one_month_due
    assert mails("extension_notice") == []


def test_a_withdrawal_takes_effect_while_the_other_rights_wait_for_verification(forms, case_page):
    # Gap 12: consent withdrawal is not held up by the access request's verification (rules 2.7).
    forms.submit_request(lang="en", rights=["access", "consent_withdrawal"], consent_scope="Newsletter")
    assert the_case().state == "awaiting_verification"
    page = case_page("en")
    page.decide("consent_withdrawal", outcome="granted")
    refused = page.decide("access", outcome="granted")
    assert "The identity is not confirmed" in refused
    outcomes = {sub.right: sub.outcome for sub in the_case().sub_requests}
    assert outcomes == {"consent_withdrawal": "granted", "access": None}
