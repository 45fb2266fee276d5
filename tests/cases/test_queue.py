"""The work queue: filters, search and their refusal of unknown values."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in


def submit(forms, when, **overrides):
    with time_machine.travel(when, tick=False):
        forms.submit_request(**overrides)
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def references(page: str, cases) -> set[str]:
    return {case.reference for case in cases if case.reference in page}


def test_filters_and_search_narrow_the_queue(forms, client, staff):
    old = submit(forms, datetime(2026, 1, 5, 9, tzinfo=UTC), rights=["access"], email="old@example.org")
    near = submit(forms, datetime(2026, 2, 2, 9, tzinfo=UTC), rights=["erasure"], email="near@example.org")
    late = submit(forms, datetime(2026, 2, 20, 9, tzinfo=UTC), rights=["access"], email="Late@Example.org")
    everyone = [old, near, late]
    staff("handler")
    with time_machine.travel(datetime(2026, 2, 26, 9, tzinfo=UTC), tick=False):
        sign_in(forms)

        def page(query: str) -> str:
            return client.get(f"/staff/cases?{query}").get_data(as_text=True)

        assert references(page("due=overdue"), everyone) == {old.reference}  # due Thu 5 Feb
        assert references(page("due=this_week"), everyone) == {near.reference}  # due Mon 2 Mar
        assert references(page("right=access"), everyone) == {old.reference, late.reference}
        assert references(page("q=late@example.org"), everyone) == {late.reference}
        assert references(page(f"q={near.reference.lower()}"), everyone) == {near.reference}
        assert references(page("state=nonsense&right=<script>"), everyone) == set(
            r.reference for r in everyone
        )
        assert references(page("role=processor"), everyone) == set()
