"""Requests by e-mail, letter or phone get their actual receipt time; back-dating needs a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Brussels


def register(forms, **overrides):
    data = {
        "channel": "letter",
        "received_local": "2026-03-02T16:30",
        "language": "fr",
        "rights": ["access"],
        "name": "Marie Dubois",
        "email": "marie@example.org",
        "backdate_reason": "The letter was found in the post room on 10 March.",
        **overrides,
    }
    return forms.post("/staff/cases/new", data)


@time_machine.travel(NOW, tick=False)
def test_a_letter_is_registered_with_its_real_receipt_time_and_the_reason(forms, staff):
    staff("handler")
    sign_in(forms)
    response = register(forms)
    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert (case.channel, case.language, case.receipt_date) == ("letter", "fr", date(2026, 3, 2))
    assert case.one_month_due == date(2026, 4, 2)  # from arrival, not from typing it in
    assert case.backdate_reason.startswith("The letter was found")
    assert case.registered_by_id is not None
    kinds = db.session.scalars(select(CaseEvent.kind)).all()
    assert "backdated" in kinds


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"backdate_reason": ""}, "Say why the request is registered after it arrived."),
        ({"received_local": "2026-03-11T09:00"}, "A request cannot be received in the future."),
    ],
    ids=["back-dated without a reason", "received in the future"],
)
@time_machine.travel(NOW, tick=False)
def test_an_impossible_receipt_is_refused_and_nothing_is_registered(forms, staff, overrides, refusal):
    staff("handler")
    sign_in(forms)
    response = register(forms, **overrides)
    assert response.status_code == 400
    assert refusal in response.get_data(as_text=True)
    assert db.session.scalars(select(Case)).all() == []


@time_machine.travel(NOW, tick=False)
def test_a_call_typed_in_right_away_needs_no_reason(forms, staff):
    staff("handler")
    sign_in(forms)
    assert (
        register(forms, channel="phone", received_local="2026-03-10T09:45", backdate_reason="").status_code
        == 302
    )
    assert db.session.scalars(select(Case)).one().backdate_reason is None


def test_an_auditor_cannot_register_requests(forms, client, staff):
    staff("auditor")
    sign_in(forms, email="auditor@example.org")
    assert client.get("/staff/cases/new").status_code == 403
