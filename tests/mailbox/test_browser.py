"""In a real browser: staff open a hostile HTML mail (nothing in it runs), and turn it into a case
with two clicks."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from dsar.mailbox.service import fetch_new_mail
from tests.support.signin import sign_in_browser

pytestmark = pytest.mark.browser


def test_staff_read_a_hostile_html_mail_safely_and_register_it_in_two_clicks(
    mailbox_server, imap, browser, staff
):
    message = EmailMessage()
    message["From"] = "Sophie Martin <sophie@example.fr>"
    message["Subject"] = "Demande d'accès à mes données"
    message.set_content(
        "<p>Bonjour, je demande l'accès à mes données personnelles.</p>"
        "<script>window.pwned = true; alert('x')</script>"
        '<img src=x onerror="window.pwned = true">',
        subtype="html",
    )
    imap.deliver(bytes(message))
    with mailbox_server.app.app_context():
        fetch_new_mail()
        staff("handler")

    page = browser.new_page(locale="en-GB")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in_browser(page, mailbox_server, "handler@example.org")
    page.goto(mailbox_server.url + "/staff/mailbox/?lang=en")
    page.get_by_role("link", name="Demande d'accès à mes données").click()

    assert "je demande l'accès à mes données personnelles" in page.locator(".mail-body").inner_text()
    assert page.evaluate("window.pwned") is None and dialogs == []
    assert page.locator(".mail-language").inner_text() == "fr"

    page.get_by_role("link", name="A new request: register it").click()  # click one
    page.get_by_role("button", name="Register").click()  # click two
    assert "Registered as" in page.content()
    assert page.locator("h2#mail").inner_text() == "Received by e-mail"
