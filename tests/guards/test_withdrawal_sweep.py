"""Gap 12 of issue 12: a consent withdrawal filed with other rights must take effect within 2 working
days whatever the other rights wait for; the sweep alerts when that date passes (rules 2.7)."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import CaseNotice
from dsar.cases.sweep import sweep_deadlines
from dsar.core.db import db
from tests.guards.conftest import at, the_case

BOTH = {"rights": ["access", "consent_withdrawal"], "consent_scope": "Newsletter"}


def notices() -> list[str]:
    db.session.expire_all()
    return [notice.key for notice in db.session.scalars(select(CaseNotice))]


def test_the_sweep_alerts_when_a_withdrawal_is_late_even_while_verification_waits(forms):
    with at(2026, 3, 5):  # Thursday: effective by Monday 9 March
        forms.submit_request(**BOTH)
    assert the_case().state == "awaiting_verification"
    with at(2026, 3, 9, 20):
        sweep_deadlines()
    assert not any(key.startswith("withdrawal_overdue") for key in notices())
    with at(2026, 3, 10):
        sweep_deadlines()
    assert "withdrawal_overdue:2026-03-09" in notices()


def test_no_alert_once_the_withdrawal_is_decided(forms, case_page):
    with at(2026, 3, 5):
        forms.submit_request(**BOTH)
        page = case_page("en")
        page.decide("consent_withdrawal", outcome="granted")
    with at(2026, 3, 10):
        sweep_deadlines()
    assert not any(key.startswith("withdrawal_overdue") for key in notices())
