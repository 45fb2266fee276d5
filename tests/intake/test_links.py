"""The confirmation and status links: signed, single-purpose, expiring, and honest when they fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from dsar.core.links import LinkPurpose, make_token
from dsar.core.mail import OutboxMessage
from tests.support.forms import hidden_fields


def links_from_ack() -> tuple[str, str]:
    body = db.session.scalars(select(OutboxMessage.body_text)).one()
    lines = [line.strip() for line in body.splitlines()]
    confirm = next(line for line in lines if "/confirm/" in line)
    status = next(line for line in lines if "/status/" in line)
    return confirm.removeprefix("http://portal.test"), status.removeprefix("http://portal.test")


def confirm(client, path):
    page = client.get(path)
    return client.post(path, data=hidden_fields(page.get_data(as_text=True)))


def test_confirming_moves_the_case_on_and_keeps_the_clock(forms, client):
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    due_before = case.one_month_due
    confirm_path, _ = links_from_ack()

    page = client.get(confirm_path)
    assert page.status_code == 200 and case.reference in page.get_data(as_text=True)
    assert case.email_confirmed_at is None  # opening the link (a mail scanner) confirms nothing

    response = confirm(client, confirm_path)
    db.session.refresh(case)
    assert response.status_code == 302 and "/status/" in response.location
    assert case.email_confirmed_at is not None
    assert case.state == "in_progress"
    assert case.one_month_due == due_before  # the clock runs from receipt, not from confirmation
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert "email_confirmed" in kinds


def test_confirming_twice_records_it_once(forms, client):
    forms.submit_request()
    confirm_path, _ = links_from_ack()
    confirm(client, confirm_path)
    second = client.get(confirm_path)

    assert "already confirmed" in second.get_data(as_text=True)
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "email_confirmed")).all()
    assert len(events) == 1


def test_status_page_shows_where_the_case_stands(forms, client):
    forms.submit_request(rights=["access", "portability"])
    case = db.session.scalars(select(Case)).one()
    _, status_path = links_from_ack()

    page = client.get(status_path).get_data(as_text=True)
    assert case.reference in page
    assert "Waiting for your confirmation" in page
    assert "Portability: my data in a machine-readable file (Art. 20)" in page
    assert case.requester_email not in page and case.requester_name not in page


def test_a_tampered_link_is_refused_and_changes_nothing(forms, client):
    forms.submit_request()
    confirm_path, status_path = links_from_ack()
    tampered = confirm_path[:-3] + ("aaa" if not confirm_path.endswith("aaa") else "bbb")

    response = client.post(tampered, data=hidden_fields(client.get("/").get_data(as_text=True)))
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)
    assert db.session.scalars(select(Case.email_confirmed_at)).one() is None
    assert client.get(status_path[:-2] + "xx").status_code == 404


def test_a_status_link_cannot_be_used_as_a_confirmation_link(forms, client):
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    status_token = make_token(LinkPurpose.STATUS, case.public_id)

    assert client.get(f"/confirm/{status_token}").status_code == 404


def test_an_expired_confirmation_link_explains_itself(forms, client):
    forms.submit_request()
    confirm_path, _ = links_from_ack()
    later = datetime.now(UTC) + timedelta(days=8)

    with time_machine.travel(later):
        response = client.get(confirm_path)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)
    assert "Your request is not lost" in response.get_data(as_text=True)


def test_a_link_for_a_case_that_no_longer_exists_reveals_nothing(client, app):
    token = make_token(LinkPurpose.STATUS, "0" * 32)
    response = client.get(f"/status/{token}")
    assert response.status_code == 404
