"""Staff read what a mail said, never the links in it (issue 13 item 3): a link is its owner's
capability, and a staff member who opened it would act as the requester. A resend signs new links."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.identity.conftest import ask_for_id_copy
from tests.intake.test_links import confirm
from tests.support.forms import FormClient

ROLES = ("admin", "dpo", "handler", "auditor")
PORTAL_URL = re.compile(r"http://portal\.test/\S+")


def _links_in(message: OutboxMessage) -> list[str]:
    return PORTAL_URL.findall(message.body_text) + PORTAL_URL.findall(message.body_html)


def _acknowledgement() -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_reads_a_link_sent_to_a_requester(app, forms, staff, role):
    forms.submit_request(lang="en")
    message = _acknowledgement()
    links = _links_in(message)
    tokens = {link.rstrip("/").rsplit("/", 1)[1] for link in links}
    assert any("/confirm/" in link for link in links) and any("/status/" in link for link in links)

    staff(role)
    reader = FormClient(app.test_client())
    sign_in(reader, email=f"{role}@example.org")
    pages = [
        reader.client.get("/staff/outbox/").get_data(as_text=True),
        reader.client.get(f"/staff/outbox/{message.id}").get_data(as_text=True),
    ]
    for html in pages:
        assert "portal.test/confirm" not in html and "portal.test/status" not in html
        assert not [token for token in tokens if token in html]
    assert "[link sent: confirm the e-mail address, valid until " in pages[1]
    assert "[link sent: follow the request, valid until " in pages[1]
    assert "Dear An Peeters" in pages[1]  # the rest of the mail is still there to read


def test_the_expiry_shown_is_the_links_own(forms, staff, client):
    forms.submit_request(lang="en")
    message = _acknowledgement()
    staff("handler")
    sign_in(forms)
    html = client.get(f"/staff/outbox/{message.id}").get_data(as_text=True)
    days = client.application.config["CONFIRM_LINK_DAYS"]
    expected = datetime.now(UTC) + timedelta(days=days)
    shown = re.search(r"confirm the e-mail address, valid until ([^\]]+)\]", html).group(1)
    assert str(expected.astimezone().year) in shown and str(expected.day) in shown


def test_a_resend_carries_new_links_that_work_when_the_old_ones_expired(forms, staff, client):
    forms.submit_request(lang="en")
    message = _acknowledgement()
    old_confirm = next(link for link in _links_in(message) if "/confirm/" in link)
    old_message_id = message.message_id

    with time_machine.travel(datetime.now(UTC) + timedelta(days=9)):
        staff("handler")
        sign_in(forms)
        forms.post(f"/staff/outbox/{message.id}/resend", {}, form_path=f"/staff/outbox/{message.id}")
        resent = _acknowledgement()
        new_confirm = next(link for link in _links_in(resent) if "/confirm/" in link)
        assert new_confirm != old_confirm and resent.message_id != old_message_id
        assert new_confirm in resent.body_html
        assert client.get(old_confirm.removeprefix("http://portal.test")).status_code == 410
        response = confirm(client, new_confirm.removeprefix("http://portal.test"))
        assert response.status_code == 302 and "/status/" in response.location


def test_the_correspondence_on_the_case_shows_no_link_either(app, forms, client, staff):
    """Asking for an ID copy sends the upload link inside the information request, which the case
    page keeps as correspondence: staff read the request there without the link."""
    link = ask_for_id_copy(forms, client, staff)
    token = link.rstrip("/").rsplit("/", 1)[1]
    reference = db.session.scalars(select(Case.reference)).one()
    staff("auditor")
    auditor = FormClient(app.test_client())
    sign_in(auditor, email="auditor@example.org")
    for reader in (client, auditor.client):
        html = reader.get(f"/staff/cases/{reference}").get_data(as_text=True)
        assert "through this link:" in html and "[link sent: upload an ID copy, valid until " in html
        assert token not in html
