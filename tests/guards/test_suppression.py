"""Gap 10 of issue 12: a granted direct-marketing objection or consent withdrawal puts the person's
identifiers, hashed, on a list staff can query and export, kept after the case is purged (Art. 21(3))."""

from __future__ import annotations

import csv
import hashlib
import io

from dsar.core.db import db
from dsar.intake.service import confirm_email
from dsar.retention.service import purge_case
from tests.guards.conftest import CONSENT, DIRECT_MARKETING, the_case

EMAIL = "an.peeters@example.org"


def check(client, identifier: str) -> str:
    return client.get("/staff/suppression", query_string={"identifier": identifier, "lang": "en"}).get_data(
        as_text=True
    )


def test_a_granted_direct_marketing_objection_is_listed_and_outlives_the_case(forms, case_page):
    forms.submit_request(lang="en", **DIRECT_MARKETING)
    page = case_page("en", role="dpo")
    assert "Not on the suppression list." in check(page.client, EMAIL)

    page.decide("objection", outcome="granted")
    assert "On the suppression list" in check(page.client, "  An.Peeters@Example.org ")
    assert "Not on the suppression list." in check(page.client, "someone.else@example.org")

    page.post("answer")
    page.post("close")
    assert the_case().state == "closed"
    purge_case(the_case())  # rules 6.2: the list is kept after the case record is gone
    db.session.commit()
    assert "On the suppression list" in check(page.client, EMAIL)

    export = page.client.get("/staff/suppression.csv")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [(row["identifier_kind"], row["scope"]) for row in rows] == [("email", "direct_marketing")]
    assert rows[0]["identifier_sha256"] == hashlib.sha256(EMAIL.encode()).hexdigest()
    assert EMAIL not in export.get_data(as_text=True)  # never in clear


def test_a_granted_consent_withdrawal_is_listed(forms, case_page):
    forms.submit_request(lang="en", **CONSENT)
    page = case_page("en")
    page.decide("consent_withdrawal", outcome="granted")
    assert "processing based on the withdrawn consent" in check(page.client, EMAIL)


def test_other_decisions_list_nobody(forms, case_page):
    forms.submit_request(rights=["objection"], objection_processing="Profiling")
    confirm_email(the_case())
    db.session.commit()
    page = case_page("en")
    page.decide("objection", outcome="granted")
    assert "Not on the suppression list." in check(page.client, EMAIL)
