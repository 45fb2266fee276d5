"""Staff sign-in for tests, second factor included, through the real pages.

Fixture users whose role needs two-factor sign-in get an authenticator the way a person does: the
enrolment operation hands out the secret (the page shows it as a QR code), the "phone" keeps it
here, and its first code confirms the enrolment. Signing in then posts the password and a code
computed from that secret, exactly as a person types it."""

from __future__ import annotations

import re
import time
from html import unescape

import pyotp
from sqlalchemy import select

from dsar.accounts import totp
from dsar.accounts.models import StaffUser
from dsar.core.db import db

PASSWORD = "correct horse battery"
# The authenticator apps of the fixture users: e-mail -> TOTP secret.
PHONES: dict[str, str] = {}
SECRET_ON_PAGE = re.compile(r'<code class="totp-secret">([A-Z2-7]+)</code>')


def enrol_authenticator(user: StaffUser) -> list[str]:
    """Enrol a TOTP app for a fixture user; returns the recovery codes shown once."""
    secret = totp.begin_enrolment(user)
    PHONES[user.email] = secret
    db.session.commit()
    codes = totp.confirm_enrolment(user, code_for(user))
    db.session.commit()
    assert codes is not None
    return codes


def code_for(user: StaffUser) -> str:
    """The code a person would type now. The server takes each 30-second step once; tests sign the
    same user in many times within one step (often under a frozen clock), so the phone moves on to
    the next step it accepts, and when none is left the fixture user's last-used step is rewound:
    a test-only shortcut for speed, never used by the tests of the replay rule itself."""
    db.session.refresh(user)
    current = int(time.time()) // totp.STEP_SECONDS
    last = user.totp_last_counter
    usable = [c for c in (current, current + 1) if last is None or c > last]
    if not usable:
        user.totp_last_counter = current - 1
        db.session.commit()
        usable = [current]
    return pyotp.TOTP(PHONES[user.email]).generate_otp(usable[0])


def enrol_through_the_page(forms, email: str):
    """What a person does on the enrolment page: scan the secret, type the first code."""
    page = forms.client.get("/staff/account/two-factor").get_data(as_text=True)
    PHONES[email] = unescape(SECRET_ON_PAGE.search(page).group(1))
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
    return forms.post("/staff/account/two-factor", {"code": code_for(user)})


def sign_in(forms, email="handler@example.org", password=PASSWORD, next_path: str | None = None):
    """Password, then the code when the account asks for one (enrolling first if the account has
    no authenticator yet); returns the last response."""
    path = "/staff/login" + (f"?next={next_path}" if next_path else "")
    response = forms.post(path, {"email": email, "password": password}, form_path="/staff/login")
    if response.status_code == 302 and response.location.endswith("/staff/login/code"):
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        response = forms.post("/staff/login/code", {"code": code_for(user)})
    elif response.status_code == 302 and response.location.endswith("/staff/account/two-factor"):
        response = enrol_through_the_page(forms, email)
    return response


def sign_in_browser(page, live_server, email: str, password: str = PASSWORD) -> None:
    """The same in a real browser: the password page, then the code from the authenticator
    (enrolling it first when the account has none yet), ending on the case list."""
    page.goto(live_server.url + "/staff/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    enrolling = "/staff/account/two-factor" in page.url
    if not enrolling and not page.url.endswith("/staff/login/code"):
        return  # a role without two-factor sign-in
    if enrolling:
        PHONES[email] = unescape(SECRET_ON_PAGE.search(page.content()).group(1))
    with live_server.app.app_context():
        code = code_for(db.session.scalar(select(StaffUser).where(StaffUser.email == email)))
        db.session.remove()
    page.locator('input[name="code"]').fill(code)
    page.get_by_role("button", name=re.compile("Sign in|Turn on two-factor sign-in")).click()
    if enrolling:
        page.goto(live_server.url + "/staff/cases")
