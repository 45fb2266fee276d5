"""What people do in the deployed portal, step by step: file a request, read their mail, sign in as
staff with two-factor, decide a case. Only pages, mails and files: never the server's objects."""

from __future__ import annotations

import re
import time
from email.message import Message
from html import unescape

import pyotp

SECRET_ON_PAGE = re.compile(r'<code class="totp-secret">([A-Z2-7]+)</code>')
# The staff member's authenticator app: e-mail -> TOTP secret, filled at enrolment.
PHONES: dict[str, str] = {}
LAST_STEP: dict[str, int] = {}


def mail_to(deployment, address: str, subject_part: str, seconds: float = 180) -> Message:
    """The one mail to ``address`` whose subject contains ``subject_part``, once the SMTP server has it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [
            m for m in deployment.smtp.messages if m["To"] == address and subject_part in str(m["Subject"])
        ]
        if found:
            return found[0]
        time.sleep(0.25)
    subjects = [(m["To"], str(m["Subject"])) for m in deployment.smtp.messages]
    raise AssertionError(f"no mail to {address} about {subject_part!r}; mails so far: {subjects}")


def text_of(mail: Message) -> str:
    return mail.get_body(("plain",)).get_content()


def link_with(mail: Message, marker: str) -> str:
    return next(word for line in text_of(mail).splitlines() for word in line.split() if marker in word)


def file_request(
    page, deployment, rights: dict[str, dict[str, str]], name: str, email: str, lang: str
) -> str:
    """Fill in the public form like a person (who takes more than the form's minimum few seconds)."""
    page.goto(f"{deployment.url}/?lang={lang}")
    for right, details in rights.items():
        page.check(f"input[name=rights][value={right}]")
        for field, value in details.items():
            page.fill(f"[name={field}]", value)
    page.fill("[name=name]", name)
    page.fill("[name=email]", email)
    page.wait_for_timeout(3500)
    page.locator("button.primary[type=submit]").click()
    page.wait_for_load_state()
    if page.locator(".reference").count() == 0:
        raise AssertionError(f"the form was not accepted ({page.url}):\n{page.inner_text('body')[:3000]}")
    return page.locator(".reference").inner_text()


def totp_code(email: str) -> str:
    """A code the server has not seen yet: it takes each 30-second step once."""
    totp = pyotp.TOTP(PHONES[email])
    while (step := int(time.time() // 30)) <= LAST_STEP.get(email, -1):
        time.sleep(1)
    LAST_STEP[email] = step
    return totp.at(step * 30)


def staff_sign_in(page, deployment, email: str, password: str) -> None:
    """Password, then the authenticator's code; the first time, enrol the authenticator."""
    page.goto(f"{deployment.url}/staff/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    enrolling = "/staff/account/two-factor" in page.url
    if enrolling:
        PHONES[email] = unescape(SECRET_ON_PAGE.search(page.content()).group(1))
    page.locator('input[name="code"]').fill(totp_code(email))
    page.get_by_role("button", name=re.compile("Sign in|Turn on two-factor sign-in")).click()
    page.goto(f"{deployment.url}/staff/cases")
    assert "/staff/cases" in page.url, page.url


def decide_every_right(page, outcome: str = "granted") -> None:
    for index in range(page.locator("section.sub-request").count()):
        sub = page.locator("section.sub-request").nth(index)
        sub.locator(".decide summary").click()
        sub.locator("select[name$='-outcome']").select_option(outcome)
        sub.get_by_role("button", name="Record the decision").click()
        assert (
            page.locator("section.sub-request").nth(index).locator(".outcome").inner_text() != "not decided"
        )
