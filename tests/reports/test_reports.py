"""The reports page: volumes per right and month, timeliness by the documented definitions,
extension rate, overdue now, median handling time; filters; charts with a table; CSV; roles."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.cases.service import NewRequest, open_case
from dsar.core.db import db
from dsar.retention.service import purge_case
from tests.accounts.test_sign_in import sign_in
from tests.controllers.test_forwarding import add_controller

TODAY = datetime(2026, 6, 15, 12, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def case(received: str, rights: list[str], answered: str | None = None, **changes) -> Case:
    request = NewRequest(
        rights={right: {} for right in rights},
        name="X",
        email="x@example.org",
        language="en",
        received_at=at(received),
    )
    opened = open_case(request, "BE")
    opened.answered_at = at(answered) if answered else None
    for key, value in changes.items():
        setattr(opened, key, value)
    db.session.commit()
    return opened


@pytest.fixture
def today(app):
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def cases(today):
    """Four cases received in the last 12 months and one before them (see the expected figures)."""
    controller = add_controller()
    # One-month date Thu 5 Feb; answered 23:30 Brussels that day: in time (31 days).
    case("2026-01-05T10:00", ["access", "erasure"], "2026-02-05T22:30")
    # Extended to 20 April; answered 10 March: late for one month, in time for the extended date (49 days).
    extended = case("2026-01-20T10:00", ["access"], "2026-03-10T10:00", extended_at=at("2026-02-10T09:00"))
    extended.due_date = extended.extended_due
    # A processor case nobody answered, due 2 April: overdue now.
    case("2026-03-02T10:00", ["objection"], role="processor", client_controller_id=controller.id)
    # Received on a Sunday, answered after 10 days.
    case("2026-05-10T10:00", ["erasure"], "2026-05-20T10:00")
    # Before the period: counted nowhere but "overdue now" would ignore it too (it was answered).
    case("2025-03-01T10:00", ["access"], "2025-03-05T10:00")
    db.session.commit()
    return controller


def report(client, query: str = "") -> str:
    return client.get(f"/staff/reports/{query}").get_data(as_text=True)


def figure(page: str, name: str) -> str:
    return page.split(f'<dd id="{name}">')[1].split("</dd>")[0]


def test_the_figures_follow_the_documented_definitions(cases, forms, client, staff):
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    page = report(client)
    assert figure(page, "received") == "4" and figure(page, "answered") == "3"
    assert figure(page, "within-one-month") == "66.7%" and figure(page, "within-deadline") == "100.0%"
    assert figure(page, "extension-rate") == "25.0%" and figure(page, "median-days") == "31"
    assert figure(page, "overdue-now") == "1"


def test_filters_by_role_client_and_period(cases, forms, client, staff):
    staff("auditor")
    sign_in(forms, email="auditor@example.org")
    processor = report(client, f"?role=processor&controller={cases.id}")
    assert figure(processor, "received") == "1" and figure(processor, "within-one-month") == "–"
    assert figure(processor, "overdue-now") == "1"
    january = report(client, "?since=2026-01-01&until=2026-01-31")
    assert figure(january, "received") == "2" and figure(january, "extension-rate") == "50.0%"
    hostile = report(client, "?since=%3Cscript%3E&until=2026-13-45&role=admin&controller=x")
    assert figure(hostile, "received") == "4"  # bad values fall back to the defaults


def test_charts_are_server_drawn_svg_with_a_table_alternative(cases, forms, client, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")
    response = client.get("/staff/reports/")
    page = response.get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2 and "<script" not in page
    assert (
        'role="img"' in page
        and '<title id="volume-t">Requests per right per month of receipt</title>' in page
    )
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    table = page.split('<table class="cases report-table">')[1]
    january = table.split('<th scope="row">Jan 26</th>')[1].split("</tr>")[0]
    assert january.startswith("<td>2</td><td>0</td><td>1</td>")  # access 2, rectification 0, erasure 1
    assert table.count('<th scope="row">') == 12  # the last 12 months


def test_the_figures_download_as_csv(cases, forms, client, staff):
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    response = client.get("/staff/reports/figures.csv")
    assert response.headers["Content-Disposition"] == "attachment; filename=dsar-figures.csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    figures = dict(row for row in rows if len(row) == 2)
    assert figures["cases_received"] == "4" and figures["answered_within_one_month_pct"] == "66.7"
    assert figures["median_handling_days"] == "31" and figures["overdue_now"] == "1"
    months = {row[0]: row for row in rows if len(row) > 2}
    assert months["2026-01"][1:4] == ["2", "0", "1"] and months["2026-05"][-2] == "1"


def test_purged_cases_still_count(cases, forms, client, staff):
    closed = db.session.scalars(select(Case).where(Case.answered_at.is_not(None))).first()
    closed.closed_at = at("2026-02-06T10:00")
    purge_case(closed)
    db.session.commit()
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    page = report(client)
    assert figure(page, "received") == "4" and figure(page, "within-one-month") == "66.7%"
    assert figure(page, "median-days") == "31"


def test_a_handler_sees_no_reports(forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get("/staff/reports/").status_code == 403
    assert client.get("/staff/reports/figures.csv").status_code == 403


def test_each_chart_has_a_visible_title_and_a_legend_that_fits_in_french(cases, forms, client, staff):
    from dsar.reports.charts import CHAR_WIDTH, WIDTH

    staff("admin")
    sign_in(forms, email="admin@example.org")
    page = client.get("/staff/reports/?lang=fr").get_data(as_text=True)
    captions = re.findall(r"<figcaption>([^<]+)</figcaption>", page)
    assert len(captions) == 2 and all(caption.strip() for caption in captions)
    svg = page.split('<svg xmlns="http://www.w3.org/2000/svg"')[1].split("</svg>")[0]
    height = float(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    legend = [
        (float(x), float(y), name)
        for x, y, name in re.findall(
            r'<text class="legend" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)</text>', svg
        )
    ]
    assert len(legend) == 7 and "Retrait du consentement" in [name for *_, name in legend]
    for x, y, name in legend:
        assert x + len(name) * CHAR_WIDTH <= WIDTH and y <= height  # inside the drawing
    for (x1, y1, n1), (x2, y2, _n2) in itertools.pairwise(legend):
        assert y2 > y1 or x2 >= x1 + len(n1) * CHAR_WIDTH  # the next name starts after this one
    assert ">controller<" not in page and ">processor<" not in page  # the role filter is worded


def test_a_long_legend_wraps_onto_more_rows_and_the_chart_grows():
    from dsar.reports.charts import HEIGHT, legend_rows, stacked_bars

    names = [f"Une catégorie au nom vraiment très long numéro {n}" for n in range(7)]
    rows = legend_rows(names)
    assert len(rows) > 1 and sum(len(row) for row in rows) == 7
    chart = str(stacked_bars(["2026-01"], [(name, [1]) for name in names], "t", "d"))
    assert f'viewBox="0 0 720 {HEIGHT}"' not in chart
