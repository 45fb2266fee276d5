"""Reminders and escalations: each exactly once per key, and caught up after missed days."""

from __future__ import annotations

from datetime import date, timedelta

from workflows.deadlines import Calendar
from workflows.states import CaseRole, CaseState
from workflows.sweep import ClockFacts, notices_due

BE = Calendar.for_country("BE")
DUE = date(2026, 2, 13)  # Fri; 7 working days before: Wed 4 Feb; 2 before: Wed 11 Feb


def run_daily(facts: ClockFacts, start: date, end: date) -> dict[str, date]:
    """Simulate a daily sweep that stores keys uniquely: returns key -> the day it was raised."""
    raised: dict[str, date] = {}
    day = start
    while day <= end:
        for notice in notices_due(facts, day, BE):
            raised.setdefault(notice.key, day)
        day += timedelta(days=1)
    return raised


def test_reminders_then_overdue_each_once():
    raised = run_daily(ClockFacts(CaseState.IN_PROGRESS, DUE), date(2026, 2, 1), date(2026, 2, 20))
    assert raised == {
        "reminder_7:2026-02-13": date(2026, 2, 4),
        "reminder_2:2026-02-13": date(2026, 2, 11),
        "overdue:2026-02-13": date(2026, 2, 14),
    }


def test_a_sweep_that_missed_days_catches_up():
    facts = ClockFacts(CaseState.IN_PROGRESS, DUE)
    assert [n.kind for n in notices_due(facts, date(2026, 2, 12), BE)] == ["reminder_2"]
    assert [n.kind for n in notices_due(facts, date(2026, 2, 17), BE)] == ["overdue"]


def test_an_extension_gives_new_reminders_for_the_new_date():
    before = notices_due(ClockFacts(CaseState.IN_PROGRESS, DUE), date(2026, 2, 12), BE)
    after = notices_due(ClockFacts(CaseState.EXTENDED, date(2026, 4, 13)), date(2026, 4, 10), BE)
    assert before[0].key != after[0].key


def test_answered_and_closed_cases_raise_nothing():
    for state in (CaseState.ANSWERED, CaseState.CLOSED):
        assert notices_due(ClockFacts(state, DUE), date(2026, 3, 1), BE) == []


def test_forward_warnings_until_forwarded():
    facts = ClockFacts(CaseState.RECEIVED, DUE, CaseRole.PROCESSOR, forward_by=date(2026, 2, 6))
    raised = run_daily(facts, date(2026, 1, 30), date(2026, 2, 9))
    assert raised["forward_due_warning:2026-02-06"] == date(2026, 2, 4)
    assert raised["forward_overdue:2026-02-06"] == date(2026, 2, 7)
    forwarded = ClockFacts(CaseState.FORWARDED, DUE, CaseRole.PROCESSOR, forward_by=date(2026, 2, 6))
    assert not [n for n in notices_due(forwarded, date(2026, 2, 9), BE) if n.kind.startswith("forward")]


def test_unanswered_information_request_reminder_at_14_days_and_closure_proposal_at_30():
    facts = ClockFacts(
        CaseState.AWAITING_INFORMATION, date(2026, 4, 30), open_pause_requested_on=date(2026, 3, 2)
    )
    raised = run_daily(facts, date(2026, 3, 2), date(2026, 4, 10))
    assert raised["information_reminder:2026-03-02"] == date(2026, 3, 16)
    assert raised["closure_proposal:2026-03-02"] == date(2026, 4, 1)


def test_a_forward_nobody_acknowledges_escalates_after_two_working_days():
    facts = ClockFacts(CaseState.FORWARDED, DUE, CaseRole.PROCESSOR, forwarded_on=date(2026, 2, 5))
    raised = run_daily(facts, date(2026, 2, 5), date(2026, 2, 12))
    assert raised["forward_unanswered:2026-02-05"] == date(2026, 2, 9)  # Thu -> Fri, Mon
    acknowledged = ClockFacts(
        CaseState.FORWARDED,
        DUE,
        CaseRole.PROCESSOR,
        forwarded_on=date(2026, 2, 5),
        controller_acknowledged=True,
    )
    assert "forward_unanswered" not in {n.kind for n in notices_due(acknowledged, date(2026, 2, 12), BE)}
