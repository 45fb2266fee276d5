"""A client controller answers a forwarded request in a real browser, without an account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.controllers.models import ClientController, Forward
from dsar.controllers.service import forward_case
from dsar.core.db import db
from tests.support.forms import FormClient

pytestmark = pytest.mark.browser


def test_controller_acknowledges_and_instructs_in_the_browser(live_server, browser, smtp_sink):
    app = live_server.app
    with app.app_context():
        controller = ClientController(
            name="Acme NV",
            contact_emails=["dpo@acme.example"],
            language="fr",
            listed_on_form=True,
            may_tell_subject=False,
        )
        db.session.add(controller)
        db.session.commit()
        FormClient(app.test_client()).submit_request(controller=str(controller.id), rights=["access"])
        forward_case(db.session.scalars(select(Case)).one(), None)
        db.session.commit()

    mails = smtp_sink.wait_for(2)
    forward_mail = next(m for m in mails if m["To"] == "dpo@acme.example")
    assert "Demande de la personne concernée" in forward_mail["Subject"]
    link = next(
        line
        for line in forward_mail.get_body(("plain",)).get_content().splitlines()
        if "/controller/" in line
    )

    page = browser.new_page(locale="fr-BE")
    page.goto(link.strip())
    assert "All invoices since 2024" in page.content()
    page.get_by_role("button", name="Confirmer la réception").click()
    assert page.locator(".acknowledged").is_visible()
    page.get_by_label("Votre instruction").select_option("controller_answers")
    page.get_by_label("Précisions (facultatif)").fill("Nous répondons nous-mêmes.")
    page.get_by_role("button", name="Enregistrer mon instruction").click()
    assert page.locator(".instruction").is_visible()

    with app.app_context():
        forward = db.session.scalars(select(Forward)).one()
        assert forward.acknowledged_at is not None
        assert (forward.instruction, forward.instruction_note) == (
            "controller_answers",
            "Nous répondons nous-mêmes.",
        )
