"""The whole journey in a real browser: a person files a multi-right request in Dutch, confirms the
e-mail link from the mail that really arrived, sees the status page; staff find the case with the
right due date."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine

from dsar.accounts.service import find_by_email
from tests.support.signin import code_for

pytestmark = pytest.mark.browser

# Received 23:30 UTC on Sat 31 Jan 2026 = 00:30 Sun 1 Feb in Brussels. One month later is Sun 1 Mar,
# rolled to Mon 2 Mar 2026 (Reg. 1182/71 Art. 3(2)(c) and 3(4)).
RECEIVED = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)


def link_in(mail, marker: str) -> str:
    text = mail.get_body(("plain",)).get_content()
    return next(line.strip() for line in text.splitlines() if marker in line)


def test_dutch_multi_right_request_to_staff_case_list(live_server, browser, smtp_sink, staff):
    with live_server.app.app_context():
        staff("handler", password="correct horse battery")

    with time_machine.travel(RECEIVED, tick=True):
        page = browser.new_page(locale="nl-BE")
        page.goto(live_server.url + "/")
        assert page.locator("h1").inner_text() == "Een privacyverzoek indienen"

        page.get_by_label("Inzage: een kopie van mijn gegevens").check()
        page.get_by_label("Rectificatie: onjuiste gegevens verbeteren").check()
        page.get_by_label("Welke gegevens zijn onjuist of onvolledig?").fill("Mijn adres")
        page.get_by_label("Wat moet het zijn?").fill("Kerkstraat 10, 9000 Gent")
        assert not page.get_by_label("Welke toestemming trekt u in?").is_visible()  # only chosen rights
        page.get_by_label("Uw volledige naam").fill("An Peeters")
        page.get_by_label("Uw e-mailadres").fill("an.peeters@example.org")
        page.get_by_role("button", name="Mijn verzoek versturen").click()

        assert page.locator("h1").inner_text() == "We hebben uw verzoek ontvangen"
        reference = page.locator(".reference").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference)

        [mail] = smtp_sink.wait_for(1)
        assert reference in mail["Subject"] and "Beste An Peeters" in mail.get_body(("plain",)).get_content()
        assert "maandag 2 maart 2026" in mail.get_body(("plain",)).get_content()

        page.goto(link_in(mail, "/confirm/"))
        page.get_by_role("button", name="Mijn e-mailadres bevestigen").click()
        assert page.locator("h1").inner_text() == f"Verzoek {reference}"
        assert page.locator(".state").inner_text() == "In behandeling"
        assert page.locator(".due").inner_text() == "maandag 2 maart 2026"

        desk = browser.new_page(locale="en-GB")
        desk.goto(live_server.url + "/staff/login?lang=en")
        desk.get_by_label("E-mail").fill("handler@example.org")
        desk.get_by_label("Password").fill("correct horse battery")
        desk.get_by_role("button", name="Sign in").click()
        with live_server.app.app_context():  # the handler's authenticator app (tests/support/signin.py)
            code = code_for(find_by_email("handler@example.org"))
        desk.get_by_label("Code from your authenticator app").fill(code)
        desk.get_by_role("button", name="Sign in").click()
        row = desk.locator("tr", has_text=reference)
        assert row.locator(".due").inner_text() == "Mon 2 Mar 2026"
        row.get_by_role("link", name=reference).click()
        assert "E-mail address confirmed" in desk.locator(".timeline").inner_text()
