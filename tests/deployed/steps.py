"""What a person and a staff member do against the deployed portal, shared by the journeys.

Everything goes through the real pages (Chromium), plain HTTPS, the SMTP server's mailbox and the
operator's ``flask dsar`` commands: no test code reaches into the server's processes. Each journey
makes its own requester address and its own staff, so journeys sharing one deployment stay
independent."""

from __future__ import annotations

import io
import re
import secrets
import time
from dataclasses import dataclass
from email.message import Message
from html import unescape

import pyotp
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader
from sqlalchemy import create_engine, text

PATIENCE = 180.0  # seconds: the worker and the outbox relay run on a heavily loaded machine
HUMAN_FILL_SECONDS = 4.0
SECRET_ON_PAGE = re.compile(r'<code class="totp-secret">([A-Z2-7]+)</code>')


def unique_address(label: str) -> str:
    return f"{label}.{secrets.token_hex(4)}@example.org"


@dataclass
class Staff:
    email: str
    password: str
    totp_secret: str | None = None
    last_step: int | None = None

    def code(self) -> str:
        """The code the authenticator app shows; the portal takes each 30-second step only once."""
        step = int(time.time()) // 30
        if self.last_step is not None and step <= self.last_step:
            step = self.last_step + 1  # the next step is within the portal's accepted window
        self.last_step = step
        return pyotp.TOTP(self.totp_secret).generate_otp(step)


def create_staff(deployment, role: str, name: str) -> Staff:
    """As an operator does it: ``flask dsar create-staff``."""
    staff = Staff(unique_address(role), "journey " + secrets.token_hex(8))
    deployment.flask(
        "dsar", "create-staff", "--email", staff.email, "--name", name, "--role", role,
        "--password", staff.password,
    )  # fmt: skip
    return staff


def sign_in(page, deployment, staff: Staff) -> None:
    """Password, then the authenticator: enrolled on first sign-in from the secret the page shows."""
    page.goto(deployment.url + "/staff/login?lang=en")
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Password").fill(staff.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()  # the next page, not the form still on its way out
    if "/staff/account/two-factor" in page.url:
        staff.totp_secret = unescape(SECRET_ON_PAGE.search(page.content()).group(1))
        page.locator('input[name="code"]').fill(staff.code())
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        try:  # on a busy machine the page with the recovery codes takes a moment to arrive
            page.locator("ul.recovery-codes li").first.wait_for(timeout=15_000)
        except PlaywrightTimeout:
            raise AssertionError(page.content()) from None
    elif page.url.endswith("/staff/login/code"):
        page.locator('input[name="code"]').fill(staff.code())
        page.get_by_role("button", name="Sign in").click()
    page.goto(deployment.url + "/staff/cases")
    assert "/staff/cases" in page.url, page.url


def open_case(page, deployment, reference: str) -> None:
    page.goto(f"{deployment.url}/staff/cases/{reference}")
    assert reference in page.locator("h1").inner_text()


def file_request(
    page, deployment, language: str, rights: list[str], name: str, email: str, client: str = "", **details
) -> str:
    """The public form in the given language; returns the reference the confirmation page shows.
    Fields are found by their names so one helper serves every language; the journeys assert the
    translated texts where they matter. ``client``: the client controller chosen on the form."""
    page.goto(f"{deployment.url}/?lang={language}")
    opened = time.monotonic()
    if client:
        page.locator("[name=controller]").select_option(label=client)
    for right in rights:
        page.locator(f"input[name=rights][value={right}]").check()
    for field, value in details.items():
        page.locator(f"[name={field}]").fill(value)
    page.locator("[name=name]").fill(name)
    page.locator("[name=email]").fill(email)
    # A person takes longer than the portal's anti-automation minimum (DSAR_MIN_FILL_SECONDS, 3 s).
    time.sleep(max(0.0, HUMAN_FILL_SECONDS - (time.monotonic() - opened)))
    page.locator("#request-form button[type=submit]").click()
    page.locator(".reference, .flash.error").first.wait_for()
    assert page.locator(".reference").count() == 1, page.locator("#request-form").inner_text()
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference), reference
    return reference


def mails_to(deployment, address: str) -> list[Message]:
    return [m for m in list(deployment.smtp.messages) if address in str(m["To"])]


def wait_for_mail(
    deployment, address: str, subject: str, count: int = 1, patience: float = PATIENCE
) -> Message:
    """The ``count``-th mail to ``address`` whose subject contains ``subject`` (the outbox relay
    sends on the worker, so this waits)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        found = [m for m in mails_to(deployment, address) if subject in str(m["Subject"])]
        if len(found) >= count:
            return found[count - 1]
        time.sleep(0.5)
    seen = [str(m["Subject"]) for m in mails_to(deployment, address)]
    raise AssertionError(f"no mail {subject!r} #{count} to {address} within {patience}s; got {seen}")


def body(mail: Message) -> str:
    return mail.get_body(("plain",)).get_content()


def link_in(mail: Message, marker: str) -> str:
    return next(line.strip() for line in body(mail).splitlines() if marker in line and "https://" in line)


def links_in(mail: Message, marker: str) -> list[str]:
    """Every https link containing ``marker``, with the label before it on the same line."""
    found = []
    for line in body(mail).splitlines():
        match = re.search(r"(https://\S+)", line)
        if match and marker in match.group(1):
            found.append(match.group(1))
    return found


def confirm_address(page, mail: Message) -> None:
    """The confirmation link shows a button; only pressing it confirms (mail scanners open links)."""
    page.goto(link_in(mail, "/confirm/"))
    page.locator("form button[type=submit]").click()
    assert "/status/" in page.url, page.url


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF"), data[:40]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def record_recipient(page, sub_id: int, recipient: str, notified_on: str, channel: str) -> None:
    """Art. 19 on the case page: who received the data and was told of the erasure."""
    sub = page.locator(f"#sub-{sub_id}")
    sub.locator(".add-recipient summary").click()
    sub.locator(f"[name='r{sub_id}-kind']").select_option("notified")
    sub.locator(f"[name='r{sub_id}-recipient']").fill(recipient)
    sub.locator(f"[name='r{sub_id}-notified_on']").fill(notified_on)
    sub.locator(f"[name='r{sub_id}-channel']").fill(channel)
    sub.get_by_role("button", name="Record").click()


def decide(page, sub_id: int, outcome: str, legal_ground: str = "", reasons: str = "") -> None:
    sub = page.locator(f"#sub-{sub_id}")
    sub.locator(".decide summary").click()
    sub.locator(f"[name='d{sub_id}-outcome']").select_option(outcome)
    if legal_ground:
        sub.locator(f"[name='d{sub_id}-legal_ground']").select_option(legal_ground)
    if reasons:
        sub.locator(f"[name='d{sub_id}-reasons']").fill(reasons)
    sub.get_by_role("button", name="Record the decision").click()


def sub_request_ids(page) -> list[int]:
    return [int(i.removeprefix("sub-")) for i in page.locator("section.sub-request").evaluate_all(
        "nodes => nodes.map(n => n.id)"
    )]  # fmt: skip


def flash(page) -> str:
    """The messages on the page a button led to. The answer's post renders a letter and queues mail
    before it redirects: on a loaded machine the page comes seconds later, so this waits for it, and
    says where the browser is when no message comes."""
    messages = page.locator(".flash")
    try:
        messages.first.wait_for(timeout=60_000)
    except PlaywrightTimeout:
        return f"(no message on {page.url}: {page.locator('h1').first.inner_text(timeout=5_000)!r})"
    return " ".join(messages.all_inner_texts())


def read_database(deployment, sql: str, **params) -> list:
    """Only where a page cannot show it: a read-only look at the deployment's database."""
    engine = create_engine(deployment.env["DSAR_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return list(connection.execute(text(sql), params))
    finally:
        engine.dispose()


def message_ids(deployment) -> list[str]:
    return [str(m["Message-ID"]) for m in list(deployment.smtp.messages)]


# --- identity (rules 5.2-5.5) ----------------------------------------------------------------------


def ask_for_id_copy(page, reason: str) -> None:
    """Staff record a reasonable doubt; the person gets a mail with an upload link."""
    page.locator(".id-ask summary").click()
    page.locator("#id-reason").fill(reason)
    page.get_by_role("button", name="Ask for an ID copy").click()
    assert "The requester was asked for a redacted ID copy." in flash(page), flash(page)


def send_id_copy(page, picture) -> None:
    """The upload page with its redaction editor: the picture is chosen, nothing is drawn, and the
    editor sends what the canvas holds. Waits until the worker's inspection has a verdict."""
    page.set_input_files("input[type=file]", str(picture))
    page.locator("#redact-canvas").wait_for(state="visible")
    page.locator("#id-upload button[type=submit]").click()
    page.locator(".id-findings, .id-done").first.wait_for(timeout=PATIENCE * 1000)


def confirm_password_if_asked(page, staff: Staff) -> None:
    """High-risk pages ask for the password again after a few minutes (security.md A-11)."""
    if page.locator("input[name=password]").count() == 0:
        return
    page.locator("input[name=password]").fill(staff.password)
    if page.locator("input[name=code]").count():
        page.locator("input[name=code]").fill(staff.code())
    page.get_by_role("button", name="Continue").click()


def verify_id_copy(page, staff: Staff, passed: bool, document_type: str, reason: str = "") -> None:
    """The verifying staff member compares the copy and records the decision, which deletes it."""
    page.locator("a.verify-link").click()
    confirm_password_if_asked(page, staff)
    # The copy is decrypted and served while the page loads: wait until the browser has drawn it.
    drawn = (
        "() => { const i = document.querySelector('img.id-copy');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    page.wait_for_function(drawn, timeout=60_000)
    page.locator(f"input[name=outcome][value={'passed' if passed else 'failed'}]").check()
    page.locator("[name=document_type]").select_option(document_type)
    if reason:
        page.locator("[name=reason]").fill(reason)
    page.get_by_role("button", name="Record the decision and delete the copy").click()
    assert "The decision was recorded and the ID copy was deleted." in flash(page), flash(page)


def id_copy_files(deployment) -> list:
    """The encrypted ID copies on the server's disk."""
    root = deployment.dir / "uploads" / "id-copies"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def timeline_with(
    page, deployment, reference: str, *events: str, times: int = 1, patience: float = 60.0
) -> str:
    """The case timeline once it shows each of ``events`` ``times`` times. A download is recorded when the
    server closes the response, a moment after the reader has the last byte: reload until then."""
    deadline = time.monotonic() + patience
    while True:
        page.goto(f"{deployment.url}/staff/cases/{reference}")
        timeline = page.locator(".timeline").inner_text()
        if all(timeline.count(event) >= times for event in events) or time.monotonic() > deadline:
            return timeline
        time.sleep(1)
