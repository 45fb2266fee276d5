"""Helpers for the legal-guard flows: cases opened through the public form, staff acting through
the case page, and fresh reads after every request (the client runs each request on its own)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.exports.models import ProcessingActivity
from tests.support.forms import hidden_fields
from tests.support.signin import sign_in

CONSENT = {"rights": ["consent_withdrawal"], "consent_scope": "Newsletter"}
DIRECT_MARKETING = {
    "rights": ["objection"],
    "objection_processing": "Newsletter and offers by e-mail",
    "objection_direct_marketing": "y",
}


def at(y, m, d, hour=10):
    return time_machine.travel(datetime(y, m, d, hour, 0, tzinfo=UTC), tick=False)


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def mails(template: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


class CasePage:
    """A signed-in staff member on one case's page, reading it in ``lang``."""

    def __init__(self, forms, client, lang: str, email: str):
        self.forms, self.client, self.lang, self.email = forms, client, lang, email

    def sign_in(self) -> None:
        """Again after a jump in time: an idle staff session expires (security.md)."""
        sign_in(self.forms, email=self.email)

    @property
    def reference(self) -> str:
        return the_case().reference

    def read(self) -> str:
        return self.client.get(f"/staff/cases/{self.reference}?lang={self.lang}").get_data(as_text=True)

    def text(self) -> str:
        """The page as a reader sees it (entities such as &#39; decoded)."""
        return unescape(self.read())

    def post(self, action: str, **fields) -> str:
        """Post one of the case page's forms and return the page it leads back to."""
        data = {**hidden_fields(self.read()), **fields}
        response = self.client.post(f"/staff/cases/{self.reference}/{action}", data=data)
        assert response.status_code == 302, response.status_code
        return self.text()

    def decide(self, right: str, **fields) -> str:
        sub = next(s for s in the_case().sub_requests if s.right == right)
        return self.post(f"rights/{sub.id}/decide", **{f"d{sub.id}-{k}": v for k, v in fields.items()})


@pytest.fixture
def case_page(forms, client, staff):
    """Open the case page as a handler, in the language asked for."""

    def open_page(lang: str = "en", role: str = "handler") -> CasePage:
        staff(role)
        page = CasePage(forms, client, lang, f"{role}@example.org")
        page.sign_in()
        return page

    return open_page


@pytest.fixture
def record_of_processing(app):
    """One activity in the record of processing, so an access answer can carry Art. 15(1)."""
    db.session.add(
        ProcessingActivity(
            purpose="Invoicing", data_categories="name, address", legal_basis="contract", retention="7 years"
        )
    )
    db.session.commit()
