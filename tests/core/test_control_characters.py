"""A NUL byte or another control character in a text field is refused with a message on the field,
never a server error (PostgreSQL cannot store a NUL at all), and the text comes back without it
(issue 13 item 7). Line breaks and tabs are text in a multi-line field only. Tried on the public
form, staff forms and the client controller's form."""

from __future__ import annotations

import re

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from dsar.accounts.models import StaffUser
from dsar.cases.models import Case
from dsar.casework.models import CaseNote
from dsar.controllers.models import Forward
from dsar.core.db import db
from dsar.core.forms import Form
from tests.accounts.test_sign_in import sign_in
from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff
from tests.support.forms import hidden_fields

REMOVED = "This field contained invisible control characters"
BAD = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85"]


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("bad", BAD)
def test_the_public_form_refuses_control_characters_and_gives_the_text_back(forms, bad):
    page = forms.submit_request(name=f"An{bad}Peeters", access_scope=f"All{bad} invoices")
    html = page.get_data(as_text=True)
    # On each of the two fields, and again in the summary of the errors at the top, linked to the field.
    on_fields = re.findall(rf'<p class="error" id="[\w-]+">{REMOVED}', html)
    assert page.status_code == 400 and len(on_fields) == 2
    assert '<a href="#name">' in html and '<a href="#access_scope">' in html
    kept = bad[1:]  # everything but the control character itself comes back
    assert f'value="An{kept}Peeters"' in html and f"All{kept} invoices</textarea>" in html
    assert count(Case) == 0


def test_line_breaks_and_tabs_are_text_in_a_multi_line_field_only(forms):
    one_line = forms.submit_request(name="An\tPeeters")
    assert REMOVED in one_line.get_data(as_text=True) and count(Case) == 0
    forms.submit_request(access_scope="Invoices:\r\n\t2024\n\t2025")
    case = db.session.scalars(select(Case)).one()
    assert "\t2024" in case.sub_requests[0].details["access_scope"]


def test_a_staff_note_with_a_nul_is_refused_with_a_message(forms, client, staff):
    forms.submit_request()
    staff("handler")
    sign_in(forms)
    reference = db.session.scalars(select(Case.reference)).one()
    case_page = f"/staff/cases/{reference}"
    response = forms.post(f"{case_page}/notes", {"body": "Called\x00 the requester"}, form_path=case_page)
    assert response.status_code == 302
    assert REMOVED in client.get(case_page).get_data(as_text=True)
    assert count(CaseNote) == 0
    forms.post(f"{case_page}/notes", {"body": "Called the requester\n\tno answer"}, form_path=case_page)
    assert count(CaseNote) == 1


def test_an_admin_cannot_create_an_account_with_a_control_character_in_the_name(forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")
    page = forms.post(
        "/staff/accounts", {"email": "new@example.org", "name": "New\x00 Person", "role": "handler"}
    ).get_data(as_text=True)
    assert REMOVED in page
    assert db.session.scalar(select(StaffUser).where(StaffUser.email == "new@example.org")) is None


def test_the_controller_form_refuses_a_nul_in_a_message(forms, client, staff, app):
    controller = add_controller()
    forms.submit_request(controller=str(controller.id))
    forward_as_staff(forms, client, staff)
    path = controller_path()
    outsider = app.test_client()
    page = outsider.get(path).get_data(as_text=True)
    response = outsider.post(path, data={**hidden_fields(page), "action": "message", "m-body": "Checked\x00"})
    assert response.status_code == 200 and REMOVED in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(Forward)).one().messages == []


def test_a_nul_outside_any_form_is_a_clear_refusal_not_a_server_error(forms, client, staff):
    staff("handler")
    sign_in(forms)
    response = client.get("/staff/cases?q=An%00Peeters")
    assert response.status_code in (200, 400)  # SQLite stores a NUL; PostgreSQL refuses it
    if response.status_code == 400:
        assert "characters that cannot be stored" in response.get_data(as_text=True)


def test_every_form_of_the_portal_applies_the_rule(app):
    """The rule lives in one base form; a form built on FlaskForm directly would skip it."""

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("dsar.")]
    assert len(ours) > 30
    assert [cls.__qualname__ for cls in ours if cls is not Form and not issubclass(cls, Form)] == []


def test_wtforms_own_messages_stay_in_the_readers_language(app):
    from flask_babel import refresh
    from wtforms import StringField as Text
    from wtforms.validators import DataRequired

    class Named(Form):
        name = Text(validators=[DataRequired()])

    seen = {}
    for language in ("nl", "fr", "en", "nl"):
        with app.test_request_context(f"/?lang={language}", method="POST", data={}):
            refresh()  # the locale is chosen per request (the portal does it before each one)
            form = Named(meta={"csrf": False})
            assert not form.validate()
            seen.setdefault(language, set()).update(form.name.errors)
    assert seen == {
        "nl": {"Dit veld is vereist."},
        "fr": {"Ce champ est requis."},
        "en": {"This field is required."},
    }
