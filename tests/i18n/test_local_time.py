"""Times are shown on the Brussels clock on every page and in mail (rules 3.2), including the night
the clocks go forward: Sun 29 Mar 2026, 02:00 CET became 03:00 CEST (01:00 UTC)."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff

# Sat 28 Mar 23:30 UTC is already Sunday 00:30 in Brussels (winter time, UTC+1).
BEFORE_THE_CHANGE = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)
# Sun 29 Mar 09:00 UTC is 11:00 in Brussels (summer time, UTC+2).
AFTER_THE_CHANGE = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def test_staff_pages_show_brussels_time_across_midnight_and_the_clock_change(forms, client, staff):
    with time_machine.travel(BEFORE_THE_CHANGE, tick=False):
        forms.submit_request()
    staff("admin")
    with time_machine.travel(AFTER_THE_CHANGE, tick=False):
        sign_in(forms, email="admin@example.org")
        case_page = client.get(f"/staff/cases/{the_case().reference}?lang=en").get_data(as_text=True)
        outbox = client.get("/staff/outbox/").get_data(as_text=True)
        trail = client.get("/staff/audit/").get_data(as_text=True)

    assert the_case().receipt_date.isoformat() == "2026-03-29"  # the Brussels date, not the UTC one
    assert "29 Mar 2026 00:30 (Europe/Brussels)" in case_page
    assert "<time>29 Mar 2026 00:30</time>" in case_page  # the timeline
    assert "28 Mar 2026 23:30" not in case_page
    assert "29 Mar 2026 00:30" in outbox and "28 Mar 2026 23:30" not in outbox
    assert "29 Mar 2026 11:00" in trail and "29 Mar 2026 09:00" not in trail  # the sign-in, summer time


def test_the_controller_page_and_mail_give_utc_and_brussels_time(forms, client, staff, app):
    controller = add_controller(language="nl")
    with time_machine.travel(BEFORE_THE_CHANGE, tick=False):
        forms.submit_request(controller=str(controller.id))
    with time_machine.travel(AFTER_THE_CHANGE, tick=False):
        forward_as_staff(forms, client, staff)
        mail = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "controller_forward")
        ).one()
        page = app.test_client().get(controller_path() + "?lang=nl").get_data(as_text=True)

    assert "2026-03-28 23:30 UTC (29 mrt 2026 00:30 Europe/Brussels)" in mail.body_text
    assert "2026-03-28 23:30 UTC · 29 mrt 2026 00:30 (Europe/Brussels)" in page
