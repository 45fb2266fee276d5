"""The requester's and the client controller's pages fit a 390 px phone in Dutch and French: nothing
makes the page wider than the screen (issue 16, the phone layout)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.controllers.models import ClientController
from dsar.controllers.service import controller_url, forward_case
from dsar.core.db import db
from dsar.intake.service import status_url
from tests.support.forms import FormClient

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth - window.innerWidth"


def public_links(app) -> dict[str, str]:
    """A forwarded request with long details; the links its requester and its controller receive."""
    with app.app_context():
        controller = ClientController(
            name="Bakkerij Janssens en Zonen Distributiecentrum Vlaams-Brabant BV",
            contact_emails=["privacy@janssens.example"],
            language="nl",
            listed_on_form=True,
        )
        db.session.add(controller)
        db.session.commit()
        FormClient(app.test_client()).submit_request(
            controller=str(controller.id),
            rights=["access", "erasure"],
            access_scope="Alle facturen en https://shop.example/orders/2024/0000000000000000000000000001",
        )
        case = db.session.scalars(select(Case)).one()
        forward = forward_case(case, None)
        db.session.commit()
        with app.test_request_context():
            return {"form": "/", "status": status_url(case), "controller": controller_url(forward)}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_public_and_controller_pages_fit_a_phone(live_server, browser, language):
    links = public_links(live_server.app)
    page = browser.new_page(viewport=PHONE, locale=f"{language}-BE")
    overflow = {}
    for name, link in links.items():
        url = link if link.startswith("http") else live_server.url + link
        page.goto(url + ("&" if "?" in url else "?") + f"lang={language}")
        overflow[name] = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert overflow == dict.fromkeys(links, 0)
