"""Pauses (rules 3.4), extensions (rules 3.3) and reminder points."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workflows.deadlines import (
    Calendar,
    Pause,
    check_extension,
    counted_paused_days,
    reminder_dates,
    response_due,
)
from workflows.errors import ExtensionError

BE = Calendar.for_country("BE")
RECEIVED = datetime(2026, 2, 2, 12, 0)  # Mon 2 Feb 2026; one month: Mon 2 Mar; three: Sat 2 May
RECEIPT = date(2026, 2, 2)


def test_a_pause_asked_within_three_working_days_counts_its_calendar_days():
    pause = Pause(requested_on=date(2026, 2, 5), received_on=date(2026, 2, 10))  # Thu -> Tue
    assert counted_paused_days(RECEIPT, [pause], BE) == 5
    assert response_due(RECEIVED, BE, paused_days=5) == date(2026, 3, 9)  # Sat 7 Mar -> Mon 9


def test_a_pause_asked_later_is_recorded_but_does_not_move_the_deadline():
    late = Pause(requested_on=date(2026, 2, 6), received_on=date(2026, 2, 20))
    assert counted_paused_days(RECEIPT, [late], BE) == 0


def test_a_same_day_answer_pauses_nothing_and_an_open_pause_adds_nothing_yet():
    assert counted_paused_days(RECEIPT, [Pause(date(2026, 2, 3), date(2026, 2, 3))], BE) == 0
    assert counted_paused_days(RECEIPT, [Pause(date(2026, 2, 3))], BE) == 0


def test_extension_is_allowed_on_the_one_month_date_and_goes_to_receipt_plus_three_months():
    assert check_extension(date(2026, 3, 2), RECEIVED, BE, reason="large_volume") == date(2026, 5, 4)


def test_extension_is_blocked_the_day_after_the_one_month_date():
    with pytest.raises(ExtensionError, match="has passed"):
        check_extension(date(2026, 3, 3), RECEIVED, BE, reason="large_volume")


def test_extension_happens_once():
    with pytest.raises(ExtensionError, match="already extended"):
        check_extension(date(2026, 2, 20), RECEIVED, BE, already_extended=True, reason="large_volume")


def test_extension_needs_a_recognised_reason():
    with pytest.raises(ExtensionError, match="reasons"):
        check_extension(date(2026, 2, 20), RECEIVED, BE, reason="large_effort")


def test_a_shorter_extension_is_allowed_but_never_beyond_three_months():
    assert check_extension(
        date(2026, 2, 20), RECEIVED, BE, reason="intelligibility", new_due=date(2026, 4, 15)
    ) == date(2026, 4, 15)
    with pytest.raises(ExtensionError, match="beyond"):
        check_extension(date(2026, 2, 20), RECEIVED, BE, reason="intelligibility", new_due=date(2026, 5, 5))
    with pytest.raises(ExtensionError, match="after the one-month date"):
        check_extension(date(2026, 2, 20), RECEIVED, BE, reason="intelligibility", new_due=date(2026, 3, 2))


def test_a_counted_pause_moves_the_extension_window_too():
    assert check_extension(date(2026, 3, 9), RECEIVED, BE, paused_days=5, reason="large_volume") == date(
        2026, 5, 7
    )


def test_reminder_points_are_working_days_before_the_due_date():
    due = date(2026, 2, 13)  # Fri
    assert reminder_dates(due, BE) == [(7, date(2026, 2, 4)), (2, date(2026, 2, 11))]
    assert reminder_dates(date(2026, 5, 15), BE, (2,)) == [(2, date(2026, 5, 12))]  # Ascension 14 May
