"""Pauses (rules 3.4), extensions (rules 3.3) and reminder points, worked by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workflows.deadlines import (
    EXTENSION_REASON_TEXT,
    Calendar,
    ExtensionReason,
    Pause,
    check_extension,
    counted_paused_days,
    reminder_dates,
)
from workflows.errors import ExtensionError, WorkflowError

BE = Calendar.for_country("BE")
NL = Calendar.for_country("NL")
# Mon 2 Feb 2026. One month: Mon 2 Mar 2026. Three months: Sat 2 May -> Mon 4 May 2026.
RECEIVED = datetime(2026, 2, 2, 12, 0)
RECEIPT = date(2026, 2, 2)


def paused(*pauses: Pause, receipt: date = RECEIPT, cal: Calendar = BE) -> int:
    return counted_paused_days(receipt, list(pauses), cal)


class TestPauses:
    def test_a_question_within_three_working_days_counts_its_calendar_days(self):
        # Window: Tue 3, Wed 4, Thu 5 Feb. Asked Thu 5, answered Tue 10: 5 calendar days.
        assert paused(Pause(date(2026, 2, 5), date(2026, 2, 10))) == 5

    def test_a_question_after_the_third_working_day_does_not_count(self):
        assert paused(Pause(date(2026, 2, 6), date(2026, 2, 20))) == 0

    def test_a_question_on_the_day_of_receipt_counts(self):
        assert paused(Pause(date(2026, 2, 2), date(2026, 2, 4))) == 2

    def test_a_same_day_answer_pauses_nothing(self):
        assert paused(Pause(date(2026, 2, 3), date(2026, 2, 3))) == 0

    def test_an_open_pause_adds_nothing_until_it_is_answered(self):
        assert paused(Pause(date(2026, 2, 3))) == 0

    def test_the_window_skips_weekends_and_holidays(self):
        # Received Sat 7 Feb 2026: Mon 9, Tue 10, Wed 11.
        saturday = date(2026, 2, 7)
        assert paused(Pause(date(2026, 2, 11), date(2026, 2, 13)), receipt=saturday) == 2
        assert paused(Pause(date(2026, 2, 12), date(2026, 2, 13)), receipt=saturday) == 0
        # Received Thu 2 Apr 2026. BE: Fri 3, (Easter Mon 6), Tue 7, Wed 8.
        # NL: (Good Fri 3, Easter Mon 6), Tue 7, Wed 8, Thu 9.
        thursday = date(2026, 4, 2)
        asked_thursday = Pause(date(2026, 4, 9), date(2026, 4, 10))
        assert paused(Pause(date(2026, 4, 8), date(2026, 4, 10)), receipt=thursday) == 2
        assert paused(asked_thursday, receipt=thursday) == 0
        assert paused(asked_thursday, receipt=thursday, cal=NL) == 1

    def test_counted_pauses_add_up_and_late_ones_are_left_out(self):
        early = Pause(date(2026, 2, 2), date(2026, 2, 3))  # 1
        on_time = Pause(date(2026, 2, 5), date(2026, 2, 9))  # 4
        late = Pause(date(2026, 2, 12), date(2026, 2, 20))  # asked too late: 0
        assert paused(early, on_time, late) == 5

    def test_an_answer_before_the_question_is_refused(self):
        with pytest.raises(WorkflowError, match="answered before it was asked"):
            paused(Pause(date(2026, 2, 4), date(2026, 2, 3)))


class TestExtension:
    def test_allowed_on_the_one_month_date_and_goes_to_receipt_plus_three_months(self):
        today = date(2026, 3, 2)
        assert check_extension(today, RECEIVED, BE, reason="large_volume") == date(2026, 5, 4)

    def test_blocked_the_day_after_the_one_month_date(self):
        with pytest.raises(ExtensionError, match="has passed"):
            check_extension(date(2026, 3, 3), RECEIVED, BE, reason="large_volume")

    def test_happens_only_once(self):
        with pytest.raises(ExtensionError, match="already extended"):
            check_extension(date(2026, 2, 20), RECEIVED, BE, already_extended=True, reason="large_volume")

    @pytest.mark.parametrize("reason", ["large_effort", "", None])
    def test_needs_one_of_the_reason_codes(self, reason):
        with pytest.raises(ExtensionError, match="one of these reasons"):
            check_extension(date(2026, 2, 20), RECEIVED, BE, reason=reason)

    @pytest.mark.parametrize("reason", list(ExtensionReason))
    def test_every_reason_code_is_accepted_and_explained(self, reason):
        assert check_extension(date(2026, 2, 20), RECEIVED, BE, reason=reason) == date(2026, 5, 4)
        assert EXTENSION_REASON_TEXT[reason]

    def test_the_reason_codes_are_the_stored_values(self):
        assert {reason.value for reason in ExtensionReason} == {
            "large_volume",
            "multiple_systems",
            "redaction_needed",
            "intelligibility",
            "multiple_requests",
            "temporary_surge",
        }

    @pytest.mark.parametrize("new_due", [date(2026, 3, 3), date(2026, 4, 15), date(2026, 5, 4)])
    def test_a_shorter_extension_lies_after_the_one_month_date_and_up_to_the_maximum(self, new_due):
        today = date(2026, 2, 20)
        assert check_extension(today, RECEIVED, BE, reason="intelligibility", new_due=new_due) == (new_due)

    def test_never_beyond_receipt_plus_three_months(self):
        with pytest.raises(ExtensionError, match="beyond Mon 4 May 2026"):
            check_extension(date(2026, 2, 20), RECEIVED, BE, reason="large_volume", new_due=date(2026, 5, 5))

    def test_the_new_date_must_be_after_the_one_month_date(self):
        with pytest.raises(ExtensionError, match="after the one-month date Mon 2 Mar 2026"):
            check_extension(date(2026, 2, 20), RECEIVED, BE, reason="large_volume", new_due=date(2026, 3, 2))

    def test_a_counted_pause_moves_the_window_and_the_maximum(self):
        # 5 paused days: one month Sat 7 Mar -> Mon 9 Mar; three months Sat 2 May + 5 = Thu 7 May.
        on_time = check_extension(date(2026, 3, 9), RECEIVED, BE, paused_days=5, reason="large_volume")
        assert on_time == date(2026, 5, 7)
        with pytest.raises(ExtensionError, match="has passed"):
            check_extension(date(2026, 3, 10), RECEIVED, BE, paused_days=5, reason="large_volume")


def test_reminder_points_are_working_days_before_the_due_date():
    # Fri 13 Feb 2026: 7 working days before = Wed 4 Feb, 2 before = Wed 11 Feb.
    assert reminder_dates(date(2026, 2, 13), BE) == [(7, date(2026, 2, 4)), (2, date(2026, 2, 11))]
    # Fri 15 May 2026: Thu 14 May is Ascension, so 2 working days before = Tue 12 May.
    assert reminder_dates(date(2026, 5, 15), BE, (2,)) == [(2, date(2026, 5, 12))]
    # Tue 7 Apr 2026: back over Easter Monday and the weekend: Fri 3 Apr (Good Friday works in BE).
    assert reminder_dates(date(2026, 4, 7), BE, (1,)) == [(1, date(2026, 4, 3))]
    assert reminder_dates(date(2026, 4, 7), NL, (1,)) == [(1, date(2026, 4, 2))]


def test_a_question_suspends_the_clock_only_when_asked_in_time_and_before_an_extension():
    from workflows.deadlines import pause_suspends_clock

    receipt = date(2026, 2, 2)  # Monday
    assert pause_suspends_clock(receipt, date(2026, 2, 5), BE)  # 3rd working day
    assert not pause_suspends_clock(receipt, date(2026, 2, 6), BE)  # 4th: undue delay (rules 3.4)
    assert not pause_suspends_clock(receipt, date(2026, 2, 3), BE, extended=True)
