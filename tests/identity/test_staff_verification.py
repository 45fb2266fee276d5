"""Staff verify a stored ID copy: only the verifying roles, with a fresh password, every view in
the case trail; the decision deletes the file and the case keeps only what rules 5.4 allows."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from dsar.accounts.service import find_by_email
from dsar.cases.models import CaseEvent
from dsar.core.db import db, utcnow
from dsar.identity import storage
from dsar.identity.models import CopyStatus, IdCheck
from tests.accounts.test_sign_in import sign_in
from tests.identity.conftest import assert_invariant, copies, files_on_disk, stored_copy, the_case
from tests.support.forms import hidden_fields
from tests.support.signin import code_for


def urls(copy):
    base = f"/staff/cases/{the_case().reference}/id-copies/{copy.public_id}"
    return base, base + "/image"


def case_events(kind: str) -> list[CaseEvent]:
    db.session.expire_all()
    return db.session.scalars(select(CaseEvent).where(CaseEvent.kind == kind)).all()


def decide(client, copy, **data):
    page, _image = urls(copy)
    tokens = hidden_fields(client.get(page).get_data(as_text=True))
    return client.post(page, data={"csrf_token": tokens["csrf_token"], **data})


def test_a_handler_sees_the_redacted_copy_beside_the_name_and_each_view_is_logged(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    page, image = urls(copy)
    html = client.get(page).get_data(as_text=True)
    assert "An Peeters" in html and image in html

    response = client.get(image)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox; default-src 'none'"
    client.get(image)
    viewed = case_events("id_copy_viewed")
    assert len(viewed) == 2 and all(event.actor_id is not None for event in viewed)
    assert viewed[0].data == {"copy_id": copy.id}


def test_auditors_never_see_id_copies_and_get_no_link(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    staff("auditor")
    client.post("/staff/logout", data=hidden_fields(client.get("/staff/cases").get_data(as_text=True)))
    sign_in(forms, email="auditor@example.org")
    page, image = urls(copy)
    assert client.get(page).status_code == 403
    assert client.get(image).status_code == 403
    case_page = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
    assert "Identity verification" in case_page and page not in case_page
    assert case_events("id_copy_viewed") == []


def test_admins_see_copies_only_when_configured(make_app, forms, staff):
    app = make_app(ID_SANDBOX=False, ID_COPY_ROLES="dpo,handler,admin")
    with app.app_context():
        client = app.test_client()
        from tests.support.forms import FormClient

        admin_forms = FormClient(client)
        copy, _link = stored_copy(admin_forms, client, staff, role="admin")
        assert client.get(urls(copy)[1]).status_code == 200


def test_an_admin_is_refused_by_default(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff, role="admin")
    assert client.get(urls(copy)[0]).status_code == 403


def test_an_old_password_entry_asks_for_the_password_again(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    _page, image = urls(copy)
    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        response = client.get(image)
        assert response.status_code == 302 and "/staff/reauth" in response.location
        form = client.get(response.location)
        assert "in the last 15 minutes" in form.get_data(as_text=True)
        tokens = hidden_fields(form.get_data(as_text=True))
        wrong = client.post(response.location, data={**tokens, "password": "wrong password here"})
        assert "The password or code is incorrect." in wrong.get_data(as_text=True)
        code = code_for(find_by_email("handler@example.org"))  # the handler's authenticator app
        right = client.post(
            response.location, data={**tokens, "password": "correct horse battery", "code": code}
        )
        assert right.status_code == 302 and right.location.endswith(image)
        assert client.get(image).status_code == 200
    assert len(case_events("id_copy_viewed")) == 1


def test_a_pass_deletes_the_file_at_once_and_keeps_only_the_check(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    key = copy.storage_key
    response = decide(client, copy, outcome="passed", document_type="be_identity_card")
    assert response.status_code == 302
    assert not storage.path_for(key).exists() and files_on_disk(app) == set()
    [kept] = copies()
    assert (
        kept.status == CopyStatus.DELETED and kept.deleted_reason == "decision" and kept.storage_key is None
    )
    [check] = db.session.scalars(select(IdCheck)).all()
    assert (check.passed, check.document_type, check.copy_deleted_at is not None) == (
        True,
        "be_identity_card",
        True,
    )
    case = the_case()
    assert case.state == "in_progress"
    panel = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "ID checked" in panel and "Belgian identity card (eID)" in panel and "Handler" in panel
    assert client.get(urls(copy)[1]).status_code == 404  # gone for good
    assert_invariant(app)


def test_a_failure_needs_a_reason_and_leads_to_the_art_12_4_answer(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    refused = decide(client, copy, outcome="failed", document_type="nl_passport")
    assert refused.status_code == 400 and "Give the reason" in refused.get_data(as_text=True)
    assert copies()[0].status == CopyStatus.STORED

    decide(client, copy, outcome="failed", document_type="nl_passport", reason="Name on the passport differs")
    assert files_on_disk(app) == set()
    [event] = case_events("identity_not_confirmed")
    assert event.data["next_step"] == "art_12_4_letter"
    panel = client.get(f"/staff/cases/{the_case().reference}").get_data(as_text=True)
    assert "Art. 12(4)" in panel and "Name on the passport differs" in panel


def test_a_copy_is_only_reachable_through_its_own_case(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    forms.submit_request(email="other@example.org")
    other = db.session.scalars(select(CaseEvent.case_id)).all()
    other_case = next(case_id for case_id in other if case_id != copy.case_id)
    from dsar.cases.models import Case

    reference = db.session.get(Case, other_case).reference
    assert client.get(f"/staff/cases/{reference}/id-copies/{copy.public_id}/image").status_code == 404


def test_asking_needs_a_reason_and_a_case_worker(app, forms, client, staff):
    forms.submit_request()
    staff("auditor")
    sign_in(forms, email="auditor@example.org")
    reference = the_case().reference
    tokens = hidden_fields(client.get(f"/staff/cases/{reference}").get_data(as_text=True))
    response = client.post(f"/staff/cases/{reference}/identity/request", data={**tokens, "reason": "doubt"})
    assert response.status_code == 403
    assert the_case().verification_level == 2


def test_the_outcome_choices_are_a_fieldset_each_button_beside_its_label(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    html = client.get(urls(copy)[0]).get_data(as_text=True)
    group = html[html.index('<fieldset class="field choices"') : html.index("</fieldset>")]
    assert "<legend>" in group
    choices = re.findall(r'<div class="choice">(<input[^>]*type="radio"[^>]*>) (<label for="[^"]+">)', group)
    assert len(choices) >= 2
    for button, label in choices:  # each button directly followed by the label that names it
        assert re.search(r'id="([^"]+)"', button).group(1) == re.search(r'for="([^"]+)"', label).group(1)
    refused = decide(client, copy, outcome="failed", reason="").get_data(as_text=True)
    assert 'aria-invalid="true"' in refused and 'class="error-summary"' in refused
