"""The explanation behind each date, as staff read it on the case page."""

from __future__ import annotations

from datetime import UTC, date, datetime

from workflows.deadlines import Calendar
from workflows.explain import explain_deadlines

BE = Calendar.for_country("BE")


def by_key(received_at: datetime, paused_days: int = 0) -> dict:
    return {item.key: item for item in explain_deadlines(received_at, BE, paused_days)}


def test_every_date_is_explained_in_order():
    keys = [item.key for item in explain_deadlines(datetime(2026, 2, 2, 9, 0), BE)]
    assert keys == [
        "receipt_date",
        "one_month_due",
        "extended_due",
        "sla_target",
        "forward_by",
        "consent_withdrawal_due",
    ]


def test_a_request_just_before_midnight_utc_is_received_the_next_day_in_brussels():
    dates = by_key(datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    receipt = dates["receipt_date"]
    assert receipt.date == date(2026, 2, 1)
    assert receipt.steps[0] == (
        "Received 2026-01-31 23:30 UTC = 2026-02-01 00:30 Europe/Brussels -> receipt date Sun 1 Feb 2026"
    )
    one_month = dates["one_month_due"]
    assert one_month.date == date(2026, 3, 2)
    assert one_month.steps == [
        "1 month after Sun 1 Feb 2026 = Sun 1 Mar 2026 (Art. 3(2)(c) Reg. 1182/71)",
        "Sun 1 Mar 2026 is a Sunday -> Mon 2 Mar 2026",
    ]


def test_the_extended_date_shows_each_day_it_rolls_over():
    extended = by_key(datetime(2026, 2, 1, 9, 0))["extended_due"]
    assert extended.date == date(2026, 5, 4)
    assert extended.steps[0] == ("3 months after Sun 1 Feb 2026 = Fri 1 May 2026 (Art. 3(2)(c) Reg. 1182/71)")
    assert extended.steps[1].startswith("Fri 1 May 2026 is a public holiday (")
    assert extended.steps[1].endswith(") -> Sat 2 May 2026")
    assert extended.steps[2:] == [
        "Sat 2 May 2026 is a Saturday -> Sun 3 May 2026",
        "Sun 3 May 2026 is a Sunday -> Mon 4 May 2026",
    ]


def test_easter_chains_through_sunday_and_monday():
    one_month = by_key(datetime(2026, 3, 5, 9, 0))["one_month_due"]
    assert one_month.steps[1:] == [
        "Sun 5 Apr 2026 is a Sunday (Easter Sunday) -> Mon 6 Apr 2026",
        "Mon 6 Apr 2026 is a public holiday (Easter Monday) -> Tue 7 Apr 2026",
    ]


def test_a_missing_day_of_month_is_explained():
    one_month = by_key(datetime(2025, 1, 31, 9, 0))["one_month_due"]
    assert one_month.date == date(2025, 2, 28)
    assert one_month.steps == [
        "1 month after Fri 31 Jan 2025 = Fri 28 Feb 2025 (Art. 3(2)(c) Reg. 1182/71)",
        "February has no day 31: the period ends on its last day",
    ]


def test_paused_days_are_added_before_the_roll():
    one_month = by_key(datetime(2026, 3, 5, 9, 0), paused_days=3)["one_month_due"]
    assert one_month.date == date(2026, 4, 8)
    assert one_month.steps == [
        "1 month after Thu 5 Mar 2026 = Sun 5 Apr 2026 (Art. 3(2)(c) Reg. 1182/71)",
        "+ paused calendar days: 3 = Wed 8 Apr 2026 (rules 3.4)",
    ]


def test_the_internal_target_names_the_earlier_date():
    shorter = by_key(datetime(2027, 3, 5, 9, 0))["sla_target"]
    assert shorter.date == date(2027, 4, 4)
    assert shorter.steps == [
        "Fri 5 Mar 2027 + 30 days = Sun 4 Apr 2027",
        "Not later than the legal due date Mon 5 Apr 2027 -> Sun 4 Apr 2027",
    ]
    capped = by_key(datetime(2026, 2, 1, 9, 0))["sla_target"]
    assert capped.steps == [
        "Sun 1 Feb 2026 + 30 days = Tue 3 Mar 2026",
        "The legal due date Mon 2 Mar 2026 is earlier -> Mon 2 Mar 2026",
    ]


def test_working_day_counts_list_the_days_counted():
    forward = by_key(datetime(2026, 5, 7, 9, 0))["forward_by"]
    assert forward.date == date(2026, 5, 15)
    assert forward.steps == [
        "5 working days after Thu 7 May 2026, that day not counted: Fri 8 May 2026, "
        "Mon 11 May 2026, Tue 12 May 2026, Wed 13 May 2026, Fri 15 May 2026",
        "-> Fri 15 May 2026",
    ]
