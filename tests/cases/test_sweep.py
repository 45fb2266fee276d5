"""The periodic sweep raises each reminder once, catches up, and mails whoever must act."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import event, func, select

from dsar.cases.clock import CalendarChanged, calendar_of
from dsar.cases.clock_actions import request_information
from dsar.cases.models import Case, CaseEvent, CaseNotice
from dsar.cases.sweep import facts_of, reminder_points, sweep_deadlines
from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.time import brussels_today
from tests.support.forms import FormClient
from workflows.sweep import notices_due


def at(y, m, d):
    return time_machine.travel(datetime(y, m, d, 10, 0, tzinfo=UTC), tick=False)


def kinds() -> list[str]:
    return sorted(db.session.scalars(select(CaseNotice.kind)).all())


def test_each_notice_is_raised_once_and_a_missed_week_is_caught_up(make_app):
    app = make_app(STAFF_ALERT_EMAIL="privacy-team@example.org")
    with app.app_context():
        with at(2026, 2, 2):
            FormClient(app.test_client()).submit_request()  # due Mon 2 Mar 2026
        with at(2026, 2, 20):  # 7 working days before: Thu 19 Feb
            assert sweep_deadlines() == 1
            assert sweep_deadlines() == 0
        with at(2026, 3, 5):  # the sweep did not run for two weeks
            assert sweep_deadlines() == 1
        assert kinds() == ["overdue", "reminder_7"]
        alerts = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "staff_alert")
        ).all()
        assert [m.to_address for m in alerts] == ["privacy-team@example.org"] * 2
        assert {m.subject.split()[-1] for m in alerts} == {"reminder_7", "overdue"}


def test_an_unanswered_information_request_reminds_the_requester_after_14_days(make_app):
    app = make_app()
    with app.app_context():
        with at(2026, 2, 2):
            FormClient(app.test_client()).submit_request()
            case = db.session.scalars(select(Case)).one()
            request_information(case, None, "identity", "Your customer number, please")
            db.session.commit()
        with at(2026, 2, 15):
            sweep_deadlines()
            assert "information_reminder" not in kinds()
        with at(2026, 2, 16):
            sweep_deadlines()
            sweep_deadlines()
        reminders = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "information_reminder")
        ).all()
        assert len(reminders) == 1 and "/reply/" in reminders[0].body_text
        with at(2026, 3, 4):
            sweep_deadlines()
        assert "closure_proposal" in kinds()


def test_a_case_dated_with_another_calendar_is_never_silently_redated(app, forms):
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    case.calendar_version = "BE/holidays-0.1/statutory-v1"
    db.session.commit()
    with pytest.raises(CalendarChanged):
        calendar_of(case)
    assert sweep_deadlines() == 0


def test_deadlines_command_prints_every_date_with_its_reasons(app):
    result = app.test_cli_runner().invoke(args=["dsar", "deadlines", "2026-01-31T23:30Z", "--country", "BE"])
    assert result.exit_code == 0, result.output
    assert "Receipt date: Sun 1 Feb 2026 (2026-02-01)" in result.output
    assert "Legal due date (one month, Art. 12(3)): Mon 2 Mar 2026" in result.output
    assert "Sun 1 Mar 2026 is a Sunday -> Mon 2 Mar 2026" in result.output
    bad = app.test_cli_runner().invoke(args=["dsar", "deadlines", "yesterday"])
    assert bad.exit_code != 0 and "not an ISO 8601 time" in bad.output


def test_a_daily_sweep_raises_every_notice_on_the_day_it_comes_due(make_app):
    """The sweep picks cases in SQL by date: none may be missed or raised late. Cases received on
    different days, one of them paused, are swept every day for seven weeks; each notice must be
    raised on exactly the day workflows.sweep makes it due."""
    app = make_app(STAFF_ALERT_EMAIL="privacy-team@example.org")
    with app.app_context():
        for day in (2, 5, 9, 12, 13):
            with at(2026, 2, day):
                FormClient(app.test_client()).submit_request()
        with at(2026, 2, 13):
            paused = db.session.scalars(select(Case).order_by(Case.id)).first()
            request_information(paused, None, "identity", "Your customer number, please")
            db.session.commit()
        cases = db.session.scalars(select(Case).order_by(Case.id)).all()
        expected = {}
        day = date(2026, 2, 14)
        while day <= date(2026, 4, 3):
            for case in cases:
                for notice in notices_due(facts_of(case), day, calendar_of(case), reminder_points()):
                    expected.setdefault((case.id, notice.key), day)
            with at(day.year, day.month, day.day):
                sweep_deadlines()
            day += timedelta(days=1)
        stored = {
            (n.case_id, n.key): brussels_today(n.raised_at) for n in db.session.scalars(select(CaseNotice))
        }
        assert len(expected) > 10 and stored == expected


@pytest.mark.parametrize(
    "cut_at",
    [
        "INSERT INTO outbox_message",  # the second notice's mail: half-way through the batch
        "INSERT INTO case_event",  # after the batch's notices were written
        "UPDATE audit_head",  # the audit chain at commit, after everything else
    ],
)
def test_a_sweep_cut_off_half_way_leaves_nothing_behind_and_the_next_one_raises_it_all(make_app, cut_at):
    app = make_app(STAFF_ALERT_EMAIL="privacy-team@example.org")
    with app.app_context():
        with at(2026, 2, 2):
            for _ in range(3):
                FormClient(app.test_client()).submit_request()
        seen = []

        def power_cut(_conn, _cursor, statement, *_args):
            if statement.startswith(cut_at):
                seen.append(statement)
                if len(seen) == (2 if cut_at.startswith("INSERT INTO outbox") else 1):
                    raise RuntimeError("power cut")

        event.listen(db.engine, "before_cursor_execute", power_cut)
        try:
            with at(2026, 2, 20), pytest.raises(RuntimeError, match="power cut"):
                sweep_deadlines()
        finally:
            event.remove(db.engine, "before_cursor_execute", power_cut)
        db.session.rollback()
        assert kinds() == [] and staff_alerts() == 0 and notice_entries() == 0 and notice_events() == 0
        with at(2026, 2, 20):
            assert sweep_deadlines() == 3
        assert kinds() == ["reminder_7"] * 3 and staff_alerts() == 3 and notice_entries() == 3
        assert notice_events() == 3 and audit.verify().ok


def notice_events() -> int:
    query = select(func.count(CaseEvent.id)).where(CaseEvent.kind.like("notice_%"))
    return db.session.scalar(query)


def staff_alerts() -> int:
    query = select(func.count(OutboxMessage.id)).where(OutboxMessage.template == "staff_alert")
    return db.session.scalar(query)


def notice_entries() -> int:
    query = select(func.count(AuditEntry.id)).where(AuditEntry.action.like("case.notice_%"))
    return db.session.scalar(query)
