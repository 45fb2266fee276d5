"""Identity confirmed by staff for requests taken by phone or letter, the snapshot workflows/ sees,
and the actions the case page offers with the reason each one is not possible now."""

from __future__ import annotations

from datetime import timedelta

from dsar.cases.service import NewRequest, record_event, snapshot_of
from dsar.casework.models import CaseNote
from dsar.core.db import db, utcnow
from dsar.intake.service import submit_request
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


def phone_case():
    request = NewRequest(
        rights={"access": {"access_scope": "Everything"}},
        name="Jan Janssens",
        email="jan@example.org",
        language="en",
        received_at=utcnow() - timedelta(minutes=5),
        channel="phone",
    )
    case = submit_request(request)
    db.session.commit()
    return case


def test_staff_confirm_the_identity_of_a_phone_request_with_a_reason(app, forms, client, staff):
    case = phone_case()
    staff("handler")
    staff("auditor")
    assert case.state == "awaiting_verification"
    as_user(forms, client, "auditor@example.org")
    assert "Confirm the requester&#39;s identity" not in case_page(client, case)
    assert post(client, case, "/confirm-identity", {"reason": "x"}).status_code == 403

    as_user(forms, client, "handler@example.org")
    page = post_and_read(client, case, "/confirm-identity", {"reason": ""})
    assert "Check the form." in page and the_case(case.reference).state == "awaiting_verification"
    page = post_and_read(
        client, case, "/confirm-identity", {"reason": "Caller gave customer number and last invoice"}
    )
    assert "Identity confirmed." in page and the_case(case.reference).state == "in_progress"
    [event] = events("identity_confirmed")
    note = db.session.get(CaseNote, event.data["note_id"])
    assert note.body.startswith("Caller gave") and "Caller" not in str(event.data)
    assert audited("case.identity_confirmed")
    assert snapshot_of(the_case(case.reference)).identity_confirmed


def test_a_web_request_is_confirmed_by_its_link_not_by_staff(forms, client, staff):
    forms.submit_request()
    case = the_case()
    staff("handler")
    as_user(forms, client, "handler@example.org")
    assert "Confirm the requester&#39;s identity" not in case_page(client, case)
    page = post_and_read(client, case, "/confirm-identity", {"reason": "Looks fine"})
    assert "confirmed through the link sent to the requester" in page
    assert the_case(case.reference).state == "awaiting_verification"


def test_an_open_doubt_about_identity_is_what_workflows_sees(app, forms):
    case = working_case(forms)
    assert snapshot_of(case).identity_confirmed
    record_event(case, "id_copy_requested", None, request_id=1, origin="staff")
    assert not snapshot_of(case).identity_confirmed
    record_event(case, "id_check_passed", None, check_id=1)
    assert snapshot_of(case).identity_confirmed
    db.session.rollback()


def test_the_case_page_lists_the_actions_with_why_not_now(forms, client, staff):
    case = working_case(forms)
    staff("handler")
    staff("auditor")
    as_user(forms, client, "handler@example.org")
    page = case_page(client, case)
    assert 'class="action action-decide possible"' in page
    assert 'class="action action-answer blocked"' in page
    assert "every right in the request needs a decision before the answer goes out" in page
    assert "action-forward" not in page  # a controller case never forwards

    as_user(forms, client, "auditor@example.org")
    page = case_page(client, case)
    assert 'class="action action-decide blocked"' in page and "an auditor cannot change a case" in page


def test_an_answered_identity_question_waits_for_staff_to_confirm_before_work(forms, client, staff):
    case = working_case(forms)
    case.email_confirmed_at = utcnow()
    db.session.commit()
    staff("handler")
    as_user(forms, client, "handler@example.org")
    fields = {"reason": "identity", "message": "Please give your customer number."}
    post_and_read(client, case, "/request-information", fields)
    assert not snapshot_of(the_case(case.reference)).identity_confirmed
    post_and_read(client, case, "/information-received", {})
    assert the_case(case.reference).state == "awaiting_verification"  # the answer is evidence to check
    page = post_and_read(client, case, "/confirm-identity", {"reason": "Customer number 4711 matches"})
    assert "Identity confirmed." in page and the_case(case.reference).state == "in_progress"
