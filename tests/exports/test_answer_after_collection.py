"""What the requester gets when the search finds nothing, and why nothing is collected after the
answer: the answer fixes what was sent (rules 2.1 item 1, 6.2)."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.files import CaseFile
from dsar.core.db import db
from dsar.exports.models import Collection
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import answer_mail, confirmed_case, decide, post_action
from tests.exports.conftest import PERSON, configure_sqlite, record_of_processing
from tests.exports.test_bundle import collect
from tests.support.forms import hidden_fields


def test_a_search_that_finds_nothing_sends_no_empty_package_and_the_answer_says_we_hold_no_data(
    forms, client, staff, jobs, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    record_of_processing()
    case = confirmed_case(forms, rights=["access"], email="nobody.known@example.org")
    staff("handler")
    sign_in(forms)
    collection = collect(client, jobs, case)
    assert collection.status == "done" and collection.case_file_id is None
    assert [d["rows"] for d in collection.manifest["datasets"]] == [0, 0, 0]
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "No personal data about this person were found in any source" in page

    decide(client, case, "access", outcome="no_data_held")
    post_action(client, case, "answer")
    mail = answer_mail()
    assert "we hold no personal data about you" in mail.body_text
    assert "Download your data" not in mail.body_text and "Download your data" not in mail.body_html
    assert ".zip" not in mail.body_text
    assert "Our answer as a PDF letter" in mail.body_text and ".pdf" in mail.body_text
    names = db.session.scalars(select(CaseFile.display_name).where(CaseFile.case_id == case.id)).all()
    assert not [name for name in names if name.endswith(".zip")]


def test_after_the_answer_the_collect_button_is_gone_and_a_collection_is_refused_in_words(
    forms, client, staff, jobs, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    record_of_processing()
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    collect(client, jobs, case)
    decide(client, case, "access", outcome="granted")
    page = post_action(client, case, "answer")
    assert "Collect the data from every source" not in page
    assert "The answer has been sent: data are no longer collected for this case." in page

    response = client.post(f"/staff/cases/{case.reference}/collect", data=hidden_fields(page))
    shown = client.get(response.location).get_data(as_text=True)
    assert "The answer has been sent: data are no longer collected for this case." in shown
    jobs.drain()
    assert len(db.session.scalars(select(Collection).where(Collection.case_id == case.id)).all()) == 1
    assert answer_mail().body_text.count(".zip") == 1
