"""Reminders and escalations: each exactly once per key, and caught up after missed days."""

from __future__ import annotations

from datetime import date, timedelta

from workflows.deadlines import Calendar
from workflows.states import CaseRole, CaseState
from workflows.sweep import ClockFacts, notices_due

BE = Calendar.for_country("BE")
DUE = date(2026, 2, 13)  # Fri; 7 working days before: Wed 4 Feb; 2 before: Wed 11 Feb
PROCESSOR = CaseRole.PROCESSOR


def run_daily(
    facts: ClockFacts,
    start: date,
    end: date,
    skipped: frozenset[date] = frozenset(),
    points: tuple[int, ...] = (7, 2),
) -> dict[str, date]:
    """A daily sweep storing keys under a unique constraint: key -> the day it was first raised.
    Also checks that a key, once stored, is never raised under another kind."""
    raised: dict[str, date] = {}
    kinds: dict[str, str] = {}
    day = start
    while day <= end:
        if day not in skipped:
            for kind, key in notices_due(facts, day, BE, points):
                assert kinds.setdefault(key, kind) == kind
                raised.setdefault(key, day)
        day += timedelta(days=1)
    return raised


def test_reminders_then_overdue_each_once():
    raised = run_daily(ClockFacts(CaseState.IN_PROGRESS, DUE), date(2026, 2, 1), date(2026, 2, 20))
    assert raised == {
        "reminder_7:2026-02-13": date(2026, 2, 4),
        "reminder_2:2026-02-13": date(2026, 2, 11),
        "overdue:2026-02-13": date(2026, 2, 14),
    }


def test_the_same_day_gives_the_same_keys():
    facts = ClockFacts(CaseState.IN_PROGRESS, DUE)
    assert notices_due(facts, date(2026, 2, 16), BE) == notices_due(facts, date(2026, 2, 16), BE)


def test_configured_reminder_points():
    # Fri 13 Feb 2026: 10 working days before = Fri 30 Jan, 5 = Fri 6 Feb, 1 = Thu 12 Feb.
    raised = run_daily(
        ClockFacts(CaseState.IN_PROGRESS, DUE),
        date(2026, 1, 26),
        date(2026, 2, 16),
        points=(10, 5, 1),
    )
    assert raised == {
        "reminder_10:2026-02-13": date(2026, 1, 30),
        "reminder_5:2026-02-13": date(2026, 2, 6),
        "reminder_1:2026-02-13": date(2026, 2, 12),
        "overdue:2026-02-13": date(2026, 2, 14),
    }


def test_three_missed_days_are_caught_up_on_the_next_run():
    # The sweep did not run Sat 14 to Mon 16 Feb: the overdue notice comes on Tue 17, once.
    skipped = frozenset({date(2026, 2, 14), date(2026, 2, 15), date(2026, 2, 16)})
    facts = ClockFacts(CaseState.IN_PROGRESS, DUE)
    raised = run_daily(facts, date(2026, 2, 1), date(2026, 2, 20), skipped)
    assert raised["overdue:2026-02-13"] == date(2026, 2, 17)


def test_a_missed_reminder_day_sends_one_catch_up_reminder():
    # Down from Wed 11 to Thu 12 Feb: the reminder_2 point passed unseen and comes on Fri 13.
    skipped = frozenset({date(2026, 2, 11), date(2026, 2, 12)})
    facts = ClockFacts(CaseState.IN_PROGRESS, DUE)
    raised = run_daily(facts, date(2026, 2, 1), date(2026, 2, 13), skipped)
    assert raised == {
        "reminder_7:2026-02-13": date(2026, 2, 4),
        "reminder_2:2026-02-13": date(2026, 2, 13),
    }


def test_a_reminder_point_before_receipt_is_not_sent_late():
    # A consent withdrawal received Fri 6 Feb 2026 is due Tue 10 Feb: the 7-day point (Fri 30 Jan)
    # lies before receipt, so the first sweep sends only the 2-day reminder.
    facts = ClockFacts(CaseState.IN_PROGRESS, date(2026, 2, 10))
    raised = run_daily(facts, date(2026, 2, 6), date(2026, 2, 12))
    assert raised == {
        "reminder_2:2026-02-10": date(2026, 2, 6),
        "overdue:2026-02-10": date(2026, 2, 11),
    }


def test_a_new_due_date_gives_new_reminders_and_the_old_ones_stop():
    before = run_daily(ClockFacts(CaseState.IN_PROGRESS, DUE), date(2026, 2, 1), date(2026, 2, 12))
    extended = ClockFacts(CaseState.EXTENDED, date(2026, 4, 13))  # Mon
    after = run_daily(extended, date(2026, 2, 13), date(2026, 4, 14))
    assert not set(before) & set(after)
    assert after == {
        "reminder_7:2026-04-13": date(2026, 4, 1),  # back over Easter Monday 6 Apr
        "reminder_2:2026-04-13": date(2026, 4, 9),
        "overdue:2026-04-13": date(2026, 4, 14),
    }


def test_answered_and_closed_cases_raise_nothing():
    for state in (CaseState.ANSWERED, CaseState.CLOSED):
        facts = ClockFacts(state, DUE, open_pause_requested_on=date(2026, 1, 5))
        assert notices_due(facts, date(2026, 3, 1), BE) == []


def test_forward_warnings_until_forwarded():
    facts = ClockFacts(CaseState.RECEIVED, DUE, PROCESSOR, forward_by=date(2026, 2, 6))
    raised = run_daily(facts, date(2026, 1, 30), date(2026, 2, 9))
    assert raised["forward_due_warning:2026-02-06"] == date(2026, 2, 4)  # 2 working days before
    assert raised["forward_overdue:2026-02-06"] == date(2026, 2, 7)
    forwarded = ClockFacts(CaseState.FORWARDED, DUE, PROCESSOR, forward_by=date(2026, 2, 6))
    kinds = {notice.kind for notice in notices_due(forwarded, date(2026, 2, 9), BE)}
    assert not {"forward_due_warning", "forward_overdue"} & kinds


def test_a_missed_forward_by_date_is_caught_up():
    facts = ClockFacts(CaseState.IN_PROGRESS, DUE, PROCESSOR, forward_by=date(2026, 2, 6))
    skipped = frozenset(date(2026, 2, d) for d in range(3, 10))
    raised = run_daily(facts, date(2026, 2, 2), date(2026, 2, 11), skipped)
    assert "forward_due_warning:2026-02-06" not in raised
    assert raised["forward_overdue:2026-02-06"] == date(2026, 2, 10)


def test_unanswered_information_request_reminder_at_14_days_and_closure_proposal_at_30():
    facts = ClockFacts(
        CaseState.AWAITING_INFORMATION, date(2026, 4, 30), open_pause_requested_on=date(2026, 3, 2)
    )
    raised = run_daily(facts, date(2026, 3, 2), date(2026, 4, 10))
    assert raised["information_reminder:2026-03-02"] == date(2026, 3, 16)  # 2 Mar + 14
    assert raised["closure_proposal:2026-03-02"] == date(2026, 4, 1)  # 2 Mar + 30


def test_both_information_notices_are_caught_up_in_one_run():
    facts = ClockFacts(
        CaseState.AWAITING_INFORMATION, date(2026, 4, 30), open_pause_requested_on=date(2026, 3, 2)
    )
    kinds = [notice.kind for notice in notices_due(facts, date(2026, 4, 3), BE)]
    assert kinds == ["information_reminder", "closure_proposal"]


def test_a_forward_nobody_acknowledges_escalates_after_two_working_days():
    facts = ClockFacts(CaseState.FORWARDED, DUE, PROCESSOR, forwarded_on=date(2026, 2, 5))
    raised = run_daily(facts, date(2026, 2, 5), date(2026, 2, 12))
    assert raised["forward_unanswered:2026-02-05"] == date(2026, 2, 9)  # Thu -> Fri, Mon
    acknowledged = ClockFacts(
        CaseState.FORWARDED,
        DUE,
        PROCESSOR,
        forwarded_on=date(2026, 2, 5),
        controller_acknowledged=True,
    )
    kinds = {notice.kind for notice in notices_due(acknowledged, date(2026, 2, 12), BE)}
    assert "forward_unanswered" not in kinds


def test_the_horizon_is_exactly_where_each_notice_comes_due():
    """The portal selects cases by the horizon's dates in SQL: a date inside must have its notice
    due, and a date outside must not (over a year of days, holidays and weekends included)."""
    from workflows.sweep import horizon

    today = date(2026, 1, 1)
    while today < date(2027, 1, 1):
        h = horizon(today, BE, (7, 2))
        for offset in range(-10, 40):
            anchor = today + timedelta(days=offset)
            for n in (7, 2):
                assert (today >= BE.add_working_days(anchor, -n)) == (anchor <= h.reminders[n])
            assert (today >= BE.add_working_days(anchor, -2)) == (anchor <= h.forward_warning)
            assert (today >= BE.add_working_days(anchor, 2)) == (anchor <= h.forward_unanswered)
            assert (today >= anchor + timedelta(days=14)) == (anchor <= h.information_reminder)
            assert (today >= anchor + timedelta(days=30)) == (anchor <= h.closure_proposal)
        today += timedelta(days=1)
