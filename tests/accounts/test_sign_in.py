"""Staff sign in with argon2-hashed passwords; signing out ends the session on the server."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.core.db import db
from tests.support.signin import sign_in

__all__ = ["sign_in"]  # other tests import it from here


def test_staff_pages_need_a_signed_in_user(client):
    response = client.get("/staff/cases")
    assert response.status_code == 302
    assert "/staff/login" in response.location


def test_a_staff_member_signs_in_and_sees_the_case_list(forms, client, staff):
    staff("handler")
    response = sign_in(forms)
    assert response.status_code == 302 and response.location.endswith("/staff/cases")
    assert "Open cases" in client.get("/staff/cases").get_data(as_text=True)


def test_passwords_are_stored_as_argon2id_hashes(staff):
    user = staff("dpo")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse battery" not in user.password_hash


def test_wrong_password_and_unknown_account_get_the_same_answer(forms, staff):
    staff("handler")
    wrong = sign_in(forms, password="not the password").get_data(as_text=True)
    unknown = sign_in(forms, email="nobody@example.org").get_data(as_text=True)
    assert "E-mail or password is incorrect." in wrong
    assert "E-mail or password is incorrect." in unknown


def test_sign_out_kills_a_copied_session_cookie(forms, client, staff, app):
    staff("handler")
    sign_in(forms)
    stolen = client.get_cookie("dsar").value

    forms.post("/staff/logout", {}, form_path="/staff/cases")
    thief = app.test_client()
    thief.set_cookie("dsar", stolen)
    assert thief.get("/staff/cases").status_code == 302  # back to the sign-in page


def test_a_deactivated_account_is_signed_out_at_once(forms, client, staff):
    user = staff("handler")
    sign_in(forms)
    user = db.session.scalars(select(StaffUser)).one()
    user.active = False
    db.session.commit()
    assert client.get("/staff/cases").status_code == 302


def test_next_parameter_cannot_redirect_to_another_site(forms, staff):
    staff("handler")
    response = sign_in(forms, next_path="//evil.example/x")
    assert response.location.endswith("/staff/cases")


def test_a_deployed_portal_hashes_at_argon2_default_cost(make_app):
    app = make_app(PASSWORD_HASH_COST="default")
    with app.app_context():
        from dsar.accounts.service import create_staff

        user = create_staff("dpo@example.org", "Dpo", "dpo", "correct horse battery")
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_lowered_test_cost_is_refused_outside_the_test_suite(make_app):
    from dsar.config import ConfigError

    with pytest.raises(ConfigError, match="PASSWORD_HASH_COST"):
        make_app(TESTING=False, PASSWORD_HASH_COST="cheapest")
