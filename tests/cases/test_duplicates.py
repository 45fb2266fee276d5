"""Possible duplicates are flagged at intake, on the public form and at staff registration, shown in
the queue and on the case, and never merged."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import func, select

from dsar.cases.duplicates import PossibleDuplicate
from dsar.cases.models import Case
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in
from tests.intake.test_offline import register

MARCH = datetime(2026, 3, 2, 9, tzinfo=UTC)


def submit(forms, when, **overrides) -> Case:
    with time_machine.travel(when, tick=False):
        forms.submit_request(**overrides)
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def flags() -> list[tuple[int, int, str]]:
    rows = db.session.execute(
        select(PossibleDuplicate.case_id, PossibleDuplicate.other_case_id, PossibleDuplicate.rights)
    )
    return sorted(tuple(row) for row in rows)


def test_the_same_address_and_right_within_the_window_is_flagged_not_merged(forms):
    first = submit(forms, MARCH, rights=["access"], email="an@example.org")
    again = submit(
        forms, datetime(2026, 3, 20, 9, tzinfo=UTC), rights=["access", "erasure"], email="AN@Example.ORG"
    )
    assert flags() == [(again.id, first.id, "access")]
    assert db.session.scalar(select(func.count(Case.id))) == 2  # two cases, two clocks
    assert first.closed_at is None and again.closed_at is None
    kinds = [event.kind for event in again.events]
    assert "possible_duplicate_flagged" in kinds
    trail = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "case.possible_duplicate_flagged")
    )
    assert [entry.detail for entry in trail] == [{"other_case_ids": [first.id]}]  # ids, no address


def test_another_right_another_person_or_outside_the_window_is_not_flagged(forms):
    submit(forms, MARCH, rights=["access"], email="an@example.org")
    submit(forms, MARCH, rights=["objection"], objection_processing="Newsletter", email="an@example.org")
    submit(forms, MARCH, rights=["access"], email="bo@example.org")
    submit(forms, datetime(2026, 4, 2, 9, tzinfo=UTC), rights=["access"], email="an@example.org")  # 31 days
    assert db.session.scalar(select(func.count(Case.id))) == 4
    assert flags() == []


def test_the_window_is_configurable(make_app):
    app = make_app(DUPLICATE_WINDOW_DAYS=45)
    with app.app_context():
        from tests.support.forms import FormClient

        forms = FormClient(app.test_client())
        first = submit(forms, MARCH, rights=["access"], email="an@example.org")
        later = submit(forms, datetime(2026, 4, 10, 9, tzinfo=UTC), rights=["access"], email="an@example.org")
        assert flags() == [(later.id, first.id, "access")]
        db.session.remove()


def test_staff_registration_is_checked_too_and_the_case_pages_link_both_ways(forms, client, staff):
    first = submit(forms, MARCH, rights=["access"], email="marie@example.org")
    staff("handler")
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=UTC), tick=False):
        sign_in(forms)
        register(forms, email="Marie@Example.org")
        registered = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
        assert flags() == [(registered.id, first.id, "access")]

        queue = client.get("/staff/cases").get_data(as_text=True)
        row = queue[queue.index(f'data-reference="{registered.reference}"') :].split("</tr>")[0]
        assert "possible duplicate" in row
        first_row = queue[queue.index(f'data-reference="{first.reference}"') :].split("</tr>")[0]
        assert "possible duplicate" not in first_row
        only = client.get("/staff/cases?duplicates=1").get_data(as_text=True)
        assert registered.reference in only and first.reference not in only

        page = client.get(f"/staff/cases/{registered.reference}").get_data(as_text=True)
        assert "Possible duplicate of" in page and f'href="/staff/cases/{first.reference}"' in page
        page = client.get(f"/staff/cases/{first.reference}").get_data(as_text=True)
        assert "Possibly repeated by" in page and f'href="/staff/cases/{registered.reference}"' in page
