"""Internal notes (staff only, append-only, on the trail) and time spent per case and per client,
with the monthly report the processor bills by (DPA art. 9.6)."""

from __future__ import annotations

import csv
import io
from datetime import date

from dsar.controllers.models import ClientController
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.casework.support import (
    as_user,
    audited,
    case_page,
    events,
    post,
    post_and_read,
    the_case,
    working_case,
)


def test_a_note_is_kept_with_its_author_audited_and_never_reaches_the_requester(forms, client, staff):
    case = working_case(forms)
    staff("handler")
    staff("auditor")
    as_user(forms, client, "handler@example.org")
    page = post_and_read(client, case, "/notes", {"body": "Caller sounded unsure; <b>check</b> invoices"})
    assert "Caller sounded unsure; &lt;b&gt;check&lt;/b&gt; invoices" in page and "Handler" in page
    [event] = events("note_added")
    assert event.actor_id is not None and "Caller" not in str(event.data)  # the trail has no text
    assert audited("case.note_added")

    mails = db.session.scalars(db.select(OutboxMessage)).all()
    assert all("Caller sounded unsure" not in m.body_text for m in mails)

    as_user(forms, client, "auditor@example.org")
    assert "Caller sounded unsure" in case_page(client, case)  # read-only, but reads the file
    assert post(client, case, "/notes", {"body": "auditor writes"}).status_code == 403
    assert len(events("note_added")) == 1


def test_an_empty_note_is_refused_with_a_clear_message(forms, client, staff):
    case = working_case(forms)
    staff("handler")
    as_user(forms, client, "handler@example.org")
    page = post_and_read(client, case, "/notes", {"body": "   "})
    assert "Check the form." in page and events("note_added") == []


def log(client, case, minutes, activity, worked_on):
    return post_and_read(
        client, case, "/time", {"minutes": minutes, "activity": activity, "worked_on": worked_on}
    )


def processor_case(forms, controller: ClientController, email: str):
    case = working_case(forms, email=email)
    case.role, case.client_controller_id = "processor", controller.id
    db.session.commit()
    return case


def test_time_is_logged_per_case_and_reported_per_client_and_month_as_safe_csv(forms, client, staff):
    acme = ClientController(name='=HYPERLINK("http://evil")', contact_emails=["dpo@acme.example"])
    other = ClientController(name="Other BV", contact_emails=["dpo@other.example"])
    db.session.add_all([acme, other])
    db.session.commit()
    first = processor_case(forms, acme, "one@example.org")
    second = processor_case(forms, acme, "two@example.org")
    elsewhere = processor_case(forms, other, "three@example.org")
    staff("handler")
    staff("dpo")
    as_user(forms, client, "handler@example.org")
    page = log(client, first, 90, "Searched the invoicing system", "2026-10-05")
    assert "Searched the invoicing system" in page and 'class="total-minutes">90<' in page
    log(client, second, 30, "Export for the client", "2026-10-31")
    log(client, second, 45, "Call with the client", "2026-11-01")  # another month
    log(client, elsewhere, 60, "Other client's case", "2026-10-10")
    assert len(events("time_logged")) == 4
    assert client.get(f"/staff/time-report?controller={acme.id}&month=2026-10").status_code == 403

    as_user(forms, client, "dpo@example.org")
    report = client.get(f"/staff/time-report?controller={acme.id}&month=2026-10").get_data(as_text=True)
    assert 'class="report-minutes">120<' in report and 'class="report-hours">2.00<' in report
    assert 'class="report-amount">240.00<' in report  # EUR 120 per hour, DPA art. 9.6
    assert first.reference in report and second.reference in report and elsewhere.reference not in report

    response = client.get(f"/staff/time-report.csv?controller={acme.id}&month=2026-10")
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["client_controller", "month", "case", "minutes", "hours"]
    assert all(row[0].startswith("'=HYPERLINK") for row in rows[1:])  # formula neutralised
    assert sorted(row[2] for row in rows[1:3]) == sorted([first.reference, second.reference])
    assert rows[3][2:] == ["total", "120", "2.00"] and rows[4][4] == "240.00"
    assert audited("time_report.exported")


def test_impossible_time_is_refused(forms, client, staff):
    case = working_case(forms)
    staff("handler")
    as_user(forms, client, "handler@example.org")
    assert "Check the form." in log(client, case, 0, "Nothing", "2026-10-05")
    future = date(date.today().year + 1, 1, 1).isoformat()
    assert "A date in the future is not possible." in log(client, case, 10, "Later", future)
    assert "Check the form." in log(client, case, 10, "", "2026-10-05")
    assert events("time_logged") == [] and the_case().reference == case.reference
