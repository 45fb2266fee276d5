"""The sign-in rules under a controlled clock (security.md A-03, A-04, A-07, A-11): lock-out and its
expiry, idle and absolute session limits, one use per TOTP code, fresh sign-in, and one answer for
every kind of refusal."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.support.forms import FormClient, hidden_fields
from tests.support.signin import PASSWORD, PHONES, code_for, enrol_authenticator, sign_in

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
GENERIC = "E-mail or password is incorrect."


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def signed_in(client) -> bool:
    return client.get("/staff/cases").status_code == 200


def user(email: str) -> StaffUser:
    db.session.expire_all()
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def password_only(forms, email="auditor@example.org", password=PASSWORD):
    return forms.post("/staff/login", {"email": email, "password": password})


@pytest.fixture
def app(make_app):
    # The address limit has its own test; here it stays out of the way of the account's.
    app = make_app(LOCKOUT_IP_FAILURES=1000)
    with app.app_context():
        yield app
        db.session.remove()


def test_ten_failures_lock_the_account_even_for_the_right_password_until_it_expires(forms, client, staff):
    staff("auditor")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(10):
            assert GENERIC in password_only(forms, password="wrong password!").get_data(as_text=True)
        refused = password_only(forms)
        assert refused.status_code == 200 and GENERIC in refused.get_data(as_text=True)
        assert not signed_in(client)
        clock.shift(timedelta(minutes=14))
        assert GENERIC in password_only(forms).get_data(as_text=True)
        clock.shift(timedelta(minutes=2))
        assert password_only(forms).status_code == 302 and signed_in(client)
    assert actions().count("staff.account_locked") == 1


def test_the_second_lock_lasts_twice_as_long(forms, client, staff):
    staff("auditor")
    with time_machine.travel(START, tick=False) as clock:
        for _round in range(2):
            for _ in range(10):
                password_only(forms, password="wrong password!")
            clock.shift(timedelta(minutes=16))
        assert GENERIC in password_only(forms).get_data(as_text=True)  # 30 minutes this time
        clock.shift(timedelta(minutes=15))
        assert password_only(forms).status_code == 302


def test_an_admin_lifts_a_lock_out(forms, client, staff, app):
    target = staff("auditor")
    staff("admin")
    for _ in range(10):
        password_only(forms, password="wrong password!")
    admin = FormClient(app.test_client())
    sign_in(admin, email="admin@example.org")
    admin.post(f"/staff/accounts/{target.id}/unlock", {}, form_path="/staff/accounts")
    assert password_only(forms).status_code == 302
    assert "staff.account_unlocked" in actions()


def test_ten_failures_a_minute_from_one_address_lock_the_address(make_app):
    app = make_app()
    with app.app_context(), time_machine.travel(START, tick=False) as clock:
        forms = FormClient(app.test_client())
        for n in range(10):
            password_only(forms, email=f"guess{n}@example.org", password="wrong password!")
        assert password_only(forms, email="another@example.org").status_code == 429
        clock.shift(timedelta(minutes=16))
        assert GENERIC in password_only(forms, email="another@example.org").get_data(as_text=True)
        db.session.remove()


def _answer(forms, email: str, password: str) -> tuple[int, str]:
    response = forms.post("/staff/login", {"email": email, "password": password})
    page = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))  # CSRF tokens differ
    return response.status_code, page


def test_unknown_wrong_locked_and_deactivated_get_one_answer(forms, staff):
    staff("auditor")
    gone = staff("auditor", email="gone@example.org")
    gone.active = False
    db.session.commit()
    locked = staff("auditor", email="locked@example.org")
    for _ in range(10):
        password_only(forms, email=locked.email, password="wrong password!")
    answers = {
        "unknown": _answer(forms, "nobody@example.org", PASSWORD),
        "wrong": _answer(forms, "auditor@example.org", "wrong password!"),
        "locked": _answer(forms, "locked@example.org", PASSWORD),
        "deactivated": _answer(forms, "gone@example.org", PASSWORD),
    }
    assert len(set(answers.values())) == 1
    assert GENERIC in answers["unknown"][1]


def test_activity_every_29_minutes_keeps_a_session_only_up_to_12_hours(forms, client, staff):
    staff("auditor")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(forms, email="auditor@example.org")
        for _ in range(24):  # 24 x 29 min = 11 h 36 min
            clock.shift(timedelta(minutes=29))
            assert signed_in(client)
        clock.shift(timedelta(minutes=25))  # 12 h 01 min after sign-in
        response = client.get("/staff/cases")
        assert response.status_code == 302 and "/staff/login" in response.location
        assert not signed_in(client)
    assert db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "staff.session_expired")
    ).all() == [{"reason": "absolute"}]


def test_31_minutes_idle_ends_the_session_and_a_copied_cookie_with_it(forms, client, staff, app):
    staff("auditor")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(forms, email="auditor@example.org")
        copied = client.get_cookie("dsar").value
        clock.shift(timedelta(minutes=31))
        assert not signed_in(client)
        thief = app.test_client()
        thief.set_cookie("dsar", copied)
        assert thief.get("/staff/cases").status_code == 302


def test_a_role_that_needs_two_factor_reaches_nothing_before_enrolling(forms, client, staff):
    staff("handler", enrol=False)
    response = password_only(forms, email="handler@example.org")
    assert response.location.endswith("/staff/account/two-factor")
    for path in ("/staff/cases", "/staff/outbox/", "/staff/login/code"):
        assert "/staff/login" in client.get(path).location
        assert "/staff/login/code" not in client.get(path).location
    page = client.get("/staff/account/two-factor").get_data(as_text=True)
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    wrong = forms.post("/staff/account/two-factor", {"code": "000000"})
    assert "The code is not valid" in wrong.get_data(as_text=True) and not signed_in(client)
    done = forms.post("/staff/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    codes_page = done.get_data(as_text=True)
    assert len(re.findall(r"<li><code>[0-9a-f-]{23}</code></li>", codes_page)) == 10
    # "Continue" is a real button (a GET form to the page the user was going to), not a bare link.
    assert re.search(
        r'<form method="get" action="/staff/cases"[^>]*>\s*<button type="submit" class="primary">', codes_page
    )
    assert signed_in(client)
    stored = user("handler@example.org").totp_secret
    assert stored is not None and secret.encode() not in stored  # encrypted at rest


def test_a_code_is_taken_once_and_an_old_one_never(forms, client, staff, app):
    handler = staff("handler")
    secret = PHONES[handler.email]
    with time_machine.travel(START, tick=False) as clock:
        clock.shift(timedelta(seconds=30 - START.timestamp() % 30))  # the start of a time step
        code = pyotp.TOTP(secret).now()
        password_only(forms, email=handler.email)
        assert forms.post("/staff/login/code", {"code": code}).status_code == 302
        forms.post("/staff/logout", {}, form_path="/staff/cases")
        password_only(forms, email=handler.email)
        replay = forms.post("/staff/login/code", {"code": code})
        assert "The code is not valid" in replay.get_data(as_text=True) and not signed_in(client)
        clock.shift(timedelta(seconds=30))
        old = pyotp.TOTP(secret).at(datetime.now(UTC) - timedelta(seconds=60))
        refused = forms.post("/staff/login/code", {"code": old})
        assert "The code is not valid" in refused.get_data(as_text=True)
        fresh_code = pyotp.TOTP(secret).now()
        assert forms.post("/staff/login/code", {"code": fresh_code}).status_code == 302
        assert signed_in(client)


def test_five_wrong_codes_send_the_user_back_to_the_password(forms, client, staff):
    staff("handler")
    password_only(forms, email="handler@example.org")
    for _attempt in range(5):
        response = forms.post("/staff/login/code", {"code": "000000"})
    assert response.status_code == 302 and response.location.endswith("/staff/login")
    assert client.get("/staff/login/code").location.endswith("/staff/login")
    assert actions().count("staff.second_factor_failed") == 5


def test_a_recovery_code_works_once(forms, client, staff):
    handler = staff("handler", enrol=False)
    codes = enrol_authenticator(handler)
    password_only(forms, email=handler.email)
    assert forms.post("/staff/login/code", {"code": codes[0]}).status_code == 302
    forms.post("/staff/logout", {}, form_path="/staff/cases")
    password_only(forms, email=handler.email)
    again = forms.post("/staff/login/code", {"code": codes[0]})
    assert "The code is not valid" in again.get_data(as_text=True)
    assert "staff.recovery_code_used" in actions()


def test_high_risk_actions_need_a_fresh_password_and_code(forms, client, staff):
    admin = staff("admin")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(forms, email="admin@example.org")
        tokens = hidden_fields(client.get("/staff/accounts").get_data(as_text=True))
        clock.shift(timedelta(minutes=6))
        data = {**tokens, "email": "new@example.org", "name": "New", "role": "auditor"}
        response = client.post("/staff/accounts", data=data, headers={"Referer": "/staff/accounts"})
        assert "/staff/reauth" in response.location and user("new@example.org") is None
        reauth = response.location
        page = client.get(reauth).get_data(as_text=True)
        assert "in the last 5 minutes" in page and 'name="code"' in page
        wrong = forms.post(reauth, {"password": PASSWORD, "code": "000000"}, form_path=reauth)
        assert "The password or code is incorrect." in wrong.get_data(as_text=True)
        right = forms.post(reauth, {"password": PASSWORD, "code": code_for(admin)}, form_path=reauth)
        assert right.location.endswith("/staff/accounts")
        client.post("/staff/accounts", data=data)
        assert user("new@example.org").role == "auditor"
    assert {"staff.reauth_failed", "staff.reauthenticated", "staff.account_created"} <= set(actions())


def test_nothing_from_before_sign_in_survives_it(forms, client, staff):
    """Session fixation (security.md A-05): the session is new at sign-in."""
    staff("auditor")
    with client.session_transaction() as planted:
        planted["marker"] = "set before sign-in"
    password_only(forms)
    with client.session_transaction() as session:
        assert "marker" not in session and "_user_id" in session
