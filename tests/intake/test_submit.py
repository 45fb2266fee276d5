"""A person files a request on the public form: one case, one clock, one sub-request per right."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import event, func, select

from dsar.cases.models import Case, CaseEvent, SubRequest
from dsar.core.db import db
from dsar.core.mail import OutboxMessage


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_multi_right_request_is_one_case_with_one_sub_request_per_right(forms):
    response = forms.submit_request(rights=["access", "erasure", "portability"])

    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert sorted(case.rights) == ["access", "erasure", "portability"]
    assert case.state == "awaiting_verification"
    assert case.sub_requests[0].details == {"access_scope": "All invoices since 2024"}
    assert [event.kind for event in case.events] == ["submitted", "acknowledgement_queued"]


def test_reference_is_shown_after_submission_and_is_short_and_readable(forms, client):
    forms.submit_request()
    page = client.get("/submitted").get_data(as_text=True)
    reference = db.session.scalars(select(Case.reference)).one()

    assert reference in page
    assert len(reference) == 9 and reference[4] == "-"
    assert not set(reference.replace("-", "")) & set("ILOU")


@time_machine.travel(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), tick=False)
def test_clock_runs_from_receipt_in_brussels_time(forms):
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()

    # 23:30 UTC on 31 Jan is 00:30 on 1 Feb in Brussels; one month later is Sun 1 Mar -> Mon 2 Mar.
    assert case.receipt_date == date(2026, 2, 1)
    assert case.one_month_due == date(2026, 3, 2)
    assert case.extended_due == date(2026, 5, 4)  # 1 May: Labour Day (Fri), then the weekend
    assert case.calendar_version.startswith("BE")


def test_acknowledgement_is_queued_in_the_same_transaction_in_the_requesters_language(forms):
    forms.submit_request(lang="nl")
    message = db.session.scalars(select(OutboxMessage)).one()
    case = db.session.scalars(select(Case)).one()

    assert case.language == "nl"
    assert message.case_id == case.id
    assert message.to_address == "an.peeters@example.org"
    assert case.reference in message.subject
    assert "Beste An Peeters" in message.body_text
    assert "/confirm/" in message.body_text and "/status/" in message.body_text


def test_details_each_right_needs_are_required(forms):
    response = forms.submit_request(rights=["rectification", "objection", "consent_withdrawal"])
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    # Under each of the four fields, and once more in the error summary above the form.
    assert page.count('">This is needed for the right you chose.</p>') == 4
    assert page.count(": This is needed for the right you chose.</a>") == 4
    assert count(Case) == 0 and count(OutboxMessage) == 0


def test_rectification_details_are_kept_on_its_sub_request(forms):
    forms.submit_request(
        rights=["rectification"],
        rectification_current="My address is Kerkstraat 1",
        rectification_correct="Kerkstraat 10",
    )
    sub = db.session.scalars(select(SubRequest)).one()
    assert sub.details == {
        "rectification_current": "My address is Kerkstraat 1",
        "rectification_correct": "Kerkstraat 10",
    }


def test_consent_withdrawal_alone_needs_no_confirmation_link(forms):
    forms.submit_request(rights=["consent_withdrawal"], consent_scope="Newsletter")
    case = db.session.scalars(select(Case)).one()
    message = db.session.scalars(select(OutboxMessage)).one()

    assert case.verification_level == 1
    assert case.state == "in_progress"
    assert "/confirm/" not in message.body_text


def test_acting_for_someone_else_needs_their_name_and_the_relation(forms):
    response = forms.submit_request(on_behalf="y")
    assert response.status_code == 400
    assert count(Case) == 0

    forms.submit_request(on_behalf="y", subject_name="Jan Peeters", representative_relation="parent")
    case = db.session.scalars(select(Case)).one()
    assert (case.on_behalf, case.subject_name, case.representative_relation) == (
        True,
        "Jan Peeters",
        "parent",
    )


def test_timeline_records_submission_channel(forms):
    forms.submit_request()
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "submitted")).one()
    assert event.data == {"channel": "web", "rights": ["access", "erasure"]}


@time_machine.travel(datetime(2026, 2, 6, 15, 0, tzinfo=UTC), tick=False)
def test_a_consent_withdrawal_is_targeted_within_two_working_days(forms):
    forms.submit_request(rights=["consent_withdrawal", "access"], consent_scope="Newsletter")
    case = db.session.scalars(select(Case)).one()
    assert case.sla_target == date(2026, 2, 10)  # Fri 6 Feb -> Mon 9, Tue 10
    assert case.one_month_due == date(2026, 3, 6)  # the access part keeps its one-month clock


def test_the_verification_ladder_is_read_once_however_many_rights_are_asked(forms):
    reads = []

    def count(_conn, _cursor, statement, *_args):
        if "FROM verification_policy" in statement:
            reads.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = forms.submit_request(rights=["access", "erasure", "portability"])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 302 and len(reads) == 1
    assert db.session.scalars(select(Case.verification_level)).one() == 2
