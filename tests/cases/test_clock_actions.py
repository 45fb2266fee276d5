"""Staff extend and pause only when the law allows; the requester hears about it and can answer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields

# Received Mon 2 Feb 2026 (Brussels): one month = Mon 2 Mar; three months = Sat 2 May -> Mon 4 May.
RECEIVED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def at(y, m, d, hour=10):
    return time_machine.travel(datetime(y, m, d, hour, 0, tzinfo=UTC), tick=False)


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def mails(template: str) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def staff_post(forms, client, path: str, data: dict):
    page = client.get(f"/staff/cases/{the_case().reference}")
    return client.post(path, data={**hidden_fields(page.get_data(as_text=True)), **data})


def setup_case(forms, staff, role="handler"):
    """A request whose e-mail address the requester confirmed on the day it arrived."""
    from dsar.intake.service import confirm_email

    with at(2026, 2, 2, 9):
        forms.submit_request()
        confirm_email(the_case())
        db.session.commit()
    staff(role)


def extend(forms, client, **data):
    sign_in(forms)
    path = f"/staff/cases/{the_case().reference}/extend"
    return staff_post(
        forms, client, path, {"reason": "multiple_systems", "note": "Three systems to search", **data}
    )


def test_extension_on_the_one_month_date_notifies_the_requester_with_the_reasons(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 3, 2):
        extend(forms, client)
    case = the_case()
    assert case.state == "extended" and case.due_date == date(2026, 5, 4)
    assert case.one_month_due == date(2026, 3, 2)
    [notice] = mails("extension_notice")
    assert "Data spread across several systems or units" in notice.body_text
    assert "Three systems to search" in notice.body_text and "4 May 2026" in notice.body_text
    remedies = " ".join(notice.body_text.split())  # Art. 77(1), 79(2)
    assert "a supervisory authority, in particular in the EU Member State of your habitual" in remedies
    assert "the Member State where you have your habitual residence (GDPR Art. 79(2))" in remedies


def test_extension_after_the_one_month_date_is_refused_and_changes_nothing(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 3, 3):
        response = extend(forms, client)
        page = client.get(response.location).get_data(as_text=True)
    assert "has passed" in page
    case = the_case()
    assert case.state == "in_progress" and case.due_date == date(2026, 3, 2)
    assert mails("extension_notice") == []


def test_a_case_is_extended_once(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 2, 20):
        extend(forms, client, new_due="2026-04-15")
        page = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
        again = staff_post(
            forms,
            client,
            f"/staff/cases/{the_case().reference}/extend",
            {"reason": "large_volume", "note": "More"},
        )
        refusal = client.get(again.location).get_data(as_text=True)
    assert the_case().due_date == date(2026, 4, 15)
    assert "Extend by up to two months" not in page
    assert "already extended once" in refusal
    assert len(mails("extension_notice")) == 1


def test_an_auditor_sees_the_dates_but_cannot_move_the_clock(forms, client, staff):
    setup_case(forms, staff, role="auditor")
    with at(2026, 2, 10):
        sign_in(forms, email="auditor@example.org")
        page = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
        response = client.post(
            f"/staff/cases/{the_case().reference}/extend",
            data={**hidden_fields(page), "reason": "large_volume", "note": "x"},
        )
    assert "Sun 1 Mar" not in page and "Deadlines and why" in page
    assert "Extend by up to two months" not in page and "Send and pause" not in page
    assert response.status_code == 403
    assert the_case().extended_at is None


def ask_for_information(forms, client):
    sign_in(forms)
    return staff_post(
        forms,
        client,
        f"/staff/cases/{the_case().reference}/request-information",
        {"reason": "identity", "message": "Please give your customer number."},
    )


def answer_via_link(client, text="My customer number is 4711"):
    body = mails("information_request")[0].body_text
    path = (
        next(line for line in body.splitlines() if "/reply/" in line)
        .strip()
        .removeprefix("http://portal.test")
    )
    page = client.get(path)
    assert "Please give your customer number." in page.get_data(as_text=True)
    return client.post(path, data={**hidden_fields(page.get_data(as_text=True)), "message": text})


def test_a_timely_information_request_pauses_the_clock_until_the_answer(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 2, 4):  # 2 working days after receipt: counted
        ask_for_information(forms, client)
    assert the_case().state == "awaiting_information"
    asked = " ".join(mails("information_request")[0].body_text.split())
    assert "the time we have to reply is suspended" in asked and "keeps running" not in asked
    with at(2026, 2, 9):
        response = answer_via_link(client)
    assert response.status_code == 302 and "/status/" in response.location
    case = the_case()
    assert case.paused_days == 5
    assert case.due_date == date(2026, 3, 9)  # 2 Mar + 5 = Sat 7 Mar -> Mon 9 Mar
    assert case.one_month_due == date(2026, 3, 2)  # the unpaused date stays visible
    # The answer to an identity question is evidence to check, not a confirmation (rules 5.2).
    assert case.state == "awaiting_verification"
    assert [m.direction for m in case.messages] == ["out", "in"]


def test_a_late_information_request_is_recorded_but_does_not_move_the_deadline(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 2, 10):  # 6 working days after receipt: not "without undue delay"
        ask_for_information(forms, client)
        page = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
    assert "asked too late to pause the clock" in page
    # The mail does not tell the requester the clock stopped when it did not (rules 3.4).
    asked = " ".join(mails("information_request")[0].body_text.split())
    assert "is suspended" not in asked
    assert "The time we have to reply keeps running: we answer at the latest on Monday 2 March 2026" in asked
    with at(2026, 2, 20):
        answer_via_link(client)
    case = the_case()
    assert case.paused_days == 0 and case.due_date == date(2026, 3, 2)


def test_a_reply_link_answers_once(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 2, 3):
        ask_for_information(forms, client)
        answer_via_link(client)
        body = mails("information_request")[0].body_text
        path = next(line for line in body.splitlines() if "/reply/" in line).strip()
        again = client.get(path.removeprefix("http://portal.test")).get_data(as_text=True)
    assert "We have received your answer" in again
    received = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "information_received")).all()
    assert len(received) == 1


def test_the_case_page_explains_every_date(forms, client, staff):
    with at(2026, 3, 5):
        forms.submit_request()
    staff("handler")
    with at(2026, 3, 6):
        sign_in(forms)
        page = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
    assert "1 month after Thu 5 Mar 2026 = Sun 5 Apr 2026" in page
    assert "Sun 5 Apr 2026 is a Sunday (Easter Sunday) -&gt; Mon 6 Apr 2026" in page
    assert "Mon 6 Apr 2026 is a public holiday (Easter Monday) -&gt; Tue 7 Apr 2026" in page


def test_extending_an_unverified_request_keeps_it_waiting_for_verification(forms, client, staff):
    with at(2026, 2, 2, 9):
        forms.submit_request()
    staff("handler")
    with at(2026, 2, 20):
        extend(forms, client)
    case = the_case()
    assert case.state == "awaiting_verification" and case.due_date == date(2026, 5, 4)
