"""Art. 20(2) end to end: the person asked on the form, staff propose the recipient, the person
confirms it from their own mailbox, the recipient downloads through a signed, expiring link; or
staff record why it is not feasible and the answer letter says so (rules.md 7.3)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.files import CaseFile
from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from dsar.letters.transmission import DirectTransmission
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import confirmed_case, decide, post_action, the_case
from tests.cases.test_files import CSV, attach
from tests.letters.pdfs import pdf_text
from tests.support.forms import FormClient, hidden_fields

RECIPIENT = "import@energiezuid.example"


@pytest.fixture
def smtp_app(make_app, smtp_sink):
    app = make_app(**smtp_sink.config())
    with app.app_context():
        yield app
        db.session.remove()


def portability_case(client, staff, destination="Energie Zuid BV") -> Case:
    forms = FormClient(client)
    case = confirmed_case(forms, rights=["portability"], portability_destination=destination, lang="nl")
    staff("handler")
    sign_in(forms)
    attach(client, case, CSV, "meterstanden.csv")
    decide(client, case, "portability", outcome="granted")
    return the_case()


def staff_post(client, case: Case, path: str, data: dict):
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    response = client.post(path, data={**hidden_fields(page), **data})
    return client.get(response.location).get_data(as_text=True)


def propose(client, case: Case, email: str = RECIPIENT) -> str:
    sub = case.sub_requests[0]
    package = db.session.scalars(select(CaseFile).where(CaseFile.display_name == "meterstanden.csv")).one()
    return staff_post(
        client,
        case,
        f"/staff/cases/{case.reference}/rights/{sub.id}/transmission",
        {
            f"t{sub.id}-recipient_name": "Energie Zuid BV",
            f"t{sub.id}-recipient_email": email,
            f"t{sub.id}-package": package.public_id,
        },
    )


def link_in(mail, prefix: str) -> str:
    body = mail.get_body(("plain",)).get_content()
    return re.search(rf"http://portal\.test({prefix}\S+)", body).group(1)


def events() -> list[str]:
    return [event.kind for event in db.session.scalars(select(CaseEvent).order_by(CaseEvent.id))]


def test_the_package_reaches_the_confirmed_recipient(smtp_app, smtp_sink, staff):
    jobs = smtp_app.extensions["dsar_jobs"]
    client = smtp_app.test_client()
    case = portability_case(client, staff)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Energie Zuid BV" in page

    propose(client, case)
    jobs.drain()
    [*_, to_requester] = smtp_sink.wait_for(2)  # the acknowledgement, then the confirmation request
    assert to_requester["To"] == "an.peeters@example.org"
    assert RECIPIENT in to_requester.get_body(("plain",)).get_content()
    assert db.session.scalars(select(DirectTransmission)).one().status == "awaiting_confirmation"

    requester = smtp_app.test_client()
    confirm_path = link_in(to_requester, "/transmission/confirm/")
    confirm_page = requester.get(confirm_path).get_data(as_text=True)
    assert "Energie Zuid BV" in confirm_page and RECIPIENT in confirm_page
    done = requester.post(confirm_path, data=hidden_fields(confirm_page)).get_data(as_text=True)
    assert "transmission-sent" in done
    jobs.drain()
    to_recipient = smtp_sink.wait_for(3)[-1]
    assert to_recipient["To"] == RECIPIENT
    package = db.session.scalars(select(CaseFile).where(CaseFile.display_name == "meterstanden.csv")).one()
    assert package.sha256 in to_recipient.get_body(("plain",)).get_content()

    download = smtp_app.test_client().get(link_in(to_recipient, "/transmission/"))
    assert download.status_code == 200 and download.data == CSV
    assert download.headers["Content-Disposition"] == "attachment; filename*=UTF-8''meterstanden.csv"
    assert events()[-4:] == [
        "transmission_proposed",
        "transmission_confirmed",
        "transmission_sent",
        "transmission_downloaded",
    ]

    # Confirming again sends nothing more; a confirmation link is not a download link.
    requester.post(confirm_path, data=hidden_fields(confirm_page))
    jobs.drain()
    assert len(smtp_sink.messages) == 3
    wrong = confirm_path.replace("/transmission/confirm/", "/transmission/")
    assert smtp_app.test_client().get(wrong).status_code == 404


def test_the_recipients_link_expires(smtp_app, smtp_sink, staff):
    jobs = smtp_app.extensions["dsar_jobs"]
    client = smtp_app.test_client()
    propose(client, portability_case(client, staff))
    jobs.drain()
    requester = smtp_app.test_client()
    confirm_path = link_in(smtp_sink.wait_for(2)[-1], "/transmission/confirm/")
    requester.post(confirm_path, data=hidden_fields(requester.get(confirm_path).get_data(as_text=True)))
    jobs.drain()
    path = link_in(smtp_sink.wait_for(3)[-1], "/transmission/")
    with time_machine.travel(datetime.now(UTC) + timedelta(days=8)):
        response = smtp_app.test_client().get(path)
    assert response.status_code == 410 and CSV not in response.data


def test_nothing_is_sent_without_the_persons_request(forms, client, staff):
    case = portability_case(client, staff, destination="")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "transmission-send" not in page
    result = propose(client, case)
    assert "did not ask for direct transmission" in result
    assert db.session.scalars(select(DirectTransmission)).all() == []


def test_an_invalid_recipient_address_is_refused(forms, client, staff):
    case = portability_case(client, staff)
    result = propose(client, case, email="import@energiezuid.example\r\nBcc: all@example.org")
    assert "a valid address" in result
    assert db.session.scalars(select(DirectTransmission)).all() == []


def test_an_auditor_cannot_send_and_no_right_of_another_case_is_reachable(forms, client, staff, app):
    case = portability_case(client, staff)
    staff("auditor")
    auditor = app.test_client()
    sign_in(FormClient(auditor), email="auditor@example.org")
    sub = case.sub_requests[0]
    page = auditor.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    path = f"/staff/cases/{case.reference}/rights/{sub.id}/transmission"
    assert auditor.post(path, data=hidden_fields(page)).status_code == 403

    FormClient(app.test_client()).submit_request(rights=["access"], email="other@example.org")
    other = db.session.scalars(select(Case).where(Case.id != case.id)).one()
    tokens = hidden_fields(client.get(f"/staff/cases/{other.reference}").get_data(as_text=True))
    response = client.post(
        f"/staff/cases/{other.reference}/rights/{sub.id}/transmission/refuse",
        data={**tokens, f"r{sub.id}-reason": "x"},
    )
    assert response.status_code == 404 and db.session.scalars(select(DirectTransmission)).all() == []


def test_when_not_feasible_the_reason_is_recorded_and_the_letter_explains(forms, client, staff):
    case = portability_case(client, staff)
    sub = case.sub_requests[0]
    staff_post(
        client,
        case,
        f"/staff/cases/{case.reference}/rights/{sub.id}/transmission/refuse",
        {f"r{sub.id}-reason": "Energie Zuid BV neemt geen <b>automatische</b> overdrachten aan."},
    )
    row = db.session.scalars(select(DirectTransmission)).one()
    assert row.status == "refused" and row.recipient_name == "Energie Zuid BV"
    assert "transmission_refused" in events()

    post_action(client, the_case(), "answer")
    letter = db.session.scalars(select(CaseFile).where(CaseFile.display_name.like("letter-%"))).one()
    from dsar.cases.files import read

    text = pdf_text(read(letter))
    assert "Wij kunnen uw gegevens niet rechtstreeks aan Energie Zuid BV bezorgen" in text
    assert "Energie Zuid BV neemt geen <b>automatische</b> overdrachten aan." in text
