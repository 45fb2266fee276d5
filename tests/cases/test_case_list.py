"""Staff find cases sorted by legal due date, with the days left and the case file."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in


def submit_at(forms, when: datetime, name: str):
    with time_machine.travel(when, tick=False):
        forms.submit_request(name=name)


def test_cases_are_listed_by_legal_due_date_with_days_left(forms, client, staff):
    submit_at(forms, datetime(2026, 3, 10, 9, 0, tzinfo=UTC), "Later Case")  # due Fri 10 Apr
    submit_at(forms, datetime(2026, 3, 2, 9, 0, tzinfo=UTC), "Earlier Case")  # due Thu 2 Apr
    staff("handler")

    with time_machine.travel(datetime(2026, 3, 30, 9, 0, tzinfo=UTC), tick=False):
        sign_in(forms)
        page = client.get("/staff/cases").get_data(as_text=True)

    earlier, later = db.session.scalars(select(Case).order_by(Case.one_month_due)).all()
    assert page.index(earlier.reference) < page.index(later.reference)
    assert '<td class="days-left">3</td>' in page  # 30 Mar -> 2 Apr
    assert '<td class="days-left">11</td>' in page  # 30 Mar -> 10 Apr
    # 3 working days left is "due soon" (at most 5); 8 (Easter Monday 6 Apr is not one) is on track.
    assert '<tr class="risk-soon"' in page and '<td class="risk">Due soon</td>' in page
    assert '<td class="working-days-left">8</td>' in page and '<td class="risk">On track</td>' in page


def test_the_case_file_shows_sub_requests_dates_and_timeline(forms, client, staff):
    submit_at(forms, datetime(2026, 1, 31, 23, 30, tzinfo=UTC), "An Peeters")
    staff("handler")
    sign_in(forms)
    case = db.session.scalars(select(Case)).one()

    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Access: a copy of my data and how it is used (Art. 15)" in page
    assert "Erasure: delete my data (Art. 17)" in page
    assert "Monday 2 March 2026" in page  # one month from Sun 1 Feb, rolled from Sun 1 Mar
    assert "Request received" in page and "Acknowledgement queued" in page


def test_an_unknown_case_reference_is_a_plain_404(forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get("/staff/cases/ZZZZ-ZZZZ").status_code == 404


def test_the_consent_withdrawal_date_shows_only_on_a_case_that_holds_a_consent_withdrawal(
    forms, client, staff
):
    staff("handler")
    forms.submit_request(email="one@example.org")  # access and erasure
    forms.submit_request(
        email="two@example.org", rights=["consent_withdrawal"], consent_scope="The newsletter"
    )
    sign_in(forms)
    without, with_consent = db.session.scalars(select(Case).order_by(Case.id)).all()
    page = client.get(f"/staff/cases/{without.reference}").get_data(as_text=True)
    assert "Consent withdrawal effective by" not in page and "Legal due date" in page
    page = client.get(f"/staff/cases/{with_consent.reference}").get_data(as_text=True)
    assert "Consent withdrawal effective by" in page
