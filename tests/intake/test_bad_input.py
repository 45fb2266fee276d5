"""Hostile or broken input gets a clear error in the user's language and stores nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.support.forms import valid_request


def nothing_stored() -> bool:
    cases = db.session.scalar(select(func.count(Case.id)))
    mails = db.session.scalar(select(func.count(OutboxMessage.id)))
    return cases == 0 and mails == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Please give your name."),
        ({"email": ""}, "Please give your e-mail address."),
        ({"email": "not-an-address"}, "This is not a valid e-mail address."),
        ({"email": "a@b.c\r\nBcc: victim@example.org"}, "This is not a valid e-mail address."),
        ({"rights": []}, "Choose at least one thing you would like us to do."),
        ({"rights": ["access", "delete_everything"]}, "Choose only from the rights listed."),
        ({"name": "x" * 201}, "Field cannot be longer than 200 characters."),
        ({"access_scope": "x" * 2001}, "Field cannot be longer than 2000 characters."),
        ({"phone": "<script>"}, "Use digits, spaces and + ( ) . / - only."),
        ({"website": "http://spam.example"}, "Please leave this field empty."),
    ],
)
def test_invalid_fields_are_refused_with_a_clear_message(forms, overrides, message):
    response = forms.submit_request(**overrides)

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert nothing_stored()


def test_errors_speak_the_users_language(forms):
    response = forms.submit_request(lang="fr", name="")
    assert "Veuillez indiquer votre nom." in response.get_data(as_text=True)
    response = forms.submit_request(lang="nl", email="nope")
    assert "Dit is geen geldig e-mailadres." in response.get_data(as_text=True)
    assert nothing_stored()


def test_missing_csrf_token_is_refused(client, forms):
    data = {**valid_request(), "started": forms.tokens("/")["started"]}
    response = client.post("/", data=data)

    assert response.status_code == 400
    assert "Your form session expired" in response.get_data(as_text=True)
    assert nothing_stored()


def test_a_form_sent_faster_than_a_person_can_type_is_refused(make_app):
    app = make_app(MIN_FILL_SECONDS=30)
    from tests.support.forms import FormClient

    with app.app_context():
        response = FormClient(app.test_client()).submit_request()
        assert response.status_code == 400
        assert "That was very fast" in response.get_data(as_text=True)
        assert nothing_stored()


def test_a_forged_start_time_is_refused(client, forms):
    data = {**valid_request(), "csrf_token": forms.tokens("/")["csrf_token"], "started": "1700000000.forged"}
    response = client.post("/", data=data)

    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert nothing_stored()


def test_an_oversized_body_is_refused_before_parsing(client):
    response = client.post("/", data={"name": "x" * (13 * 1024 * 1024)})
    assert response.status_code == 413
    assert nothing_stored()


def test_the_public_pages_send_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]

    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_honeypot_is_hidden_from_people(client):
    page = client.get("/").get_data(as_text=True)
    assert 'class="hp" aria-hidden="true"' in page
