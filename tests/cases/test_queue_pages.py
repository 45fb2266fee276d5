"""Queue pages: legal due-date order across keyset pages, a capped count, days left in calendar and
working days of the case's own holiday calendar, and a risk label next to the colour."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from sqlalchemy import event, select

from dsar.cases import queue
from dsar.cases.models import Case
from dsar.cases.service import NewRequest, open_case
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in

START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def open_cases(count: int, country: str = "BE", start: datetime = START) -> list[Case]:
    cases = []
    for n in range(count):
        request = NewRequest(
            rights={"access": {}},
            name=f"Person {n}",
            email=f"p{n}@example.org",
            language="en",
            received_at=start + timedelta(hours=7 * n),
        )
        cases.append(open_case(request, country))
    db.session.commit()
    return cases


def shown(page: str) -> list[str]:
    marker = 'data-reference="'
    return [chunk.split('"', 1)[0] for chunk in page.split(marker)[1:]]


def test_keyset_pages_follow_the_legal_due_date_without_gaps_or_repeats(forms, client, staff):
    cases = open_cases(53)
    staff("handler")
    sign_in(forms)
    first = client.get("/staff/cases").get_data(as_text=True)
    assert "(53)" in first and "First page" not in first
    page_one = shown(first)
    assert len(page_one) == 50
    link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client.get(link).get_data(as_text=True)
    page_two = shown(second)
    assert "First page" in second and 'rel="next"' not in second
    expected = [c.reference for c in sorted(cases, key=lambda c: (c.due_date, c.id))]
    assert page_one + page_two == expected


def test_next_page_keeps_the_filters_and_junk_cursors_show_the_first_page(forms, client, staff):
    open_cases(52)
    staff("handler")
    sign_in(forms)
    first = client.get("/staff/cases?right=access&assignee=unassigned").get_data(as_text=True)
    link = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "right=access" in link and "assignee=unassigned" in link and "after=" in link
    for junk in ("nonsense", "2026-13-01.5", "2026-04-01.x", "'; DROP TABLE case; --"):
        page = client.get("/staff/cases", query_string={"after": junk})
        assert page.status_code == 200 and shown(page.get_data(as_text=True)) == shown(first)


def test_the_count_stops_at_the_cap(app):
    open_cases(12)
    selected = queue.open_cases(queue.QueueFilter(), date(2026, 3, 2))
    assert queue.count(selected) == 12
    assert queue.count(selected, cap=10) == 11  # "more than 10": the rest is never counted


def test_days_left_use_the_case_calendar_and_risk_has_a_text_label(forms, client, staff):
    [dutch] = open_cases(1, "NL", datetime(2026, 4, 1, 9, tzinfo=UTC))  # due Fri 1 May 2026
    [late] = open_cases(1, "BE", datetime(2026, 2, 2, 9, tzinfo=UTC))  # due Mon 2 Mar 2026
    staff("handler")
    with time_machine.travel(datetime(2026, 4, 24, 9, tzinfo=UTC), tick=False):  # Fri 24 Apr
        sign_in(forms)
        page = client.get("/staff/cases").get_data(as_text=True)
    row = page[page.index(f'data-reference="{dutch.reference}"') :].split("</tr>")[0]
    assert dutch.due_date == date(2026, 5, 1)
    # 7 calendar days; working days 28, 29, 30 Apr and 1 May: King's Day (Mon 27 Apr) is a Dutch holiday.
    assert '<td class="days-left">7</td>' in row and '<td class="working-days-left">4</td>' in row
    assert 'class="risk-soon"' in page and '<td class="risk">Due soon</td>' in row
    row = page[page.index(f'data-reference="{late.reference}"') :].split("</tr>")[0]
    assert '<td class="days-left">-53</td>' in row and '<td class="risk">Overdue</td>' in row


def test_closed_cases_leave_the_queue(forms, client, staff):
    done, still = open_cases(2)
    done.state, done.closed_at = "closed", START
    db.session.commit()
    staff("handler")
    sign_in(forms)
    assert shown(client.get("/staff/cases").get_data(as_text=True)) == [still.reference]
    assert db.session.scalar(select(Case.id).where(Case.id == done.id)) == done.id


def page_statements(client, url: str) -> tuple[str, int]:
    seen = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page = client.get(url).get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return page, len(seen)


def test_a_row_shows_its_rights_state_link_and_label_in_the_readers_language(forms, client, staff):
    request = NewRequest(
        rights={"erasure": {}, "access": {}},
        name="Piet",
        email="piet@example.org",
        language="nl",
        received_at=START,
    )
    case = open_case(request, "BE")
    db.session.commit()
    staff("handler")
    sign_in(forms)
    for language, rights, state, label in (
        ("en", "erasure, access", "Awaiting verification", f"Select {case.reference}"),
        ("nl", "wissing, inzage", "Wacht op verificatie", f"{case.reference} selecteren"),
    ):
        page = client.get(f"/staff/cases?lang={language}").get_data(as_text=True)
        row = page[page.index(f'data-reference="{case.reference}"') :].split("</tr>")[0]
        cells = [cell.split("</td>")[0] for cell in row.split("<td")[1:]]
        assert f'aria-label="{label}"' in cells[0]
        assert f'<a href="/staff/cases/{case.reference}">{case.reference}</a>' in cells[1]
        assert cells[2] == f">{rights}" and cells[3] == f">{state}"


def test_a_page_costs_the_same_statements_with_one_case_or_fifty(forms, client, staff):
    open_cases(1)
    staff("handler")
    sign_in(forms)
    client.get("/staff/cases")
    one, with_one = page_statements(client, "/staff/cases")
    open_cases(60, start=START + timedelta(days=1))
    full, with_fifty = page_statements(client, "/staff/cases")
    assert len(shown(one)) == 1 and len(shown(full)) == 50
    assert with_fifty == with_one
