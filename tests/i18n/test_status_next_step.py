"""The requester's status page names the exact next step in every state of identity verification
(issue 16 item 4): never "open the confirmation link" once the address is confirmed."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from dsar.identity import sanitise
from dsar.identity import service as identity
from dsar.identity.inspection import Inspection
from dsar.identity.models import IdCopyRequest
from dsar.intake.service import confirm_email, status_url
from tests.identity import cards

CONFIRM_LINK = "Please open the confirmation link in the e-mail we sent you."
ID_ASKED = "We asked you by e-mail for a copy of the front of an identity document"


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def status_page(app, client) -> str:
    with app.test_request_context():
        path = urlsplit(status_url(the_case())).path
    return client.get(path + "?lang=en").get_data(as_text=True)


def test_after_an_id_upload_the_page_says_we_check_it_not_confirm_your_address(app, client, forms):
    forms.submit_request()
    identity.request_id_copy(the_case(), "policy")  # the admin's ladder asks an ID copy for this right
    confirm_email(the_case())
    db.session.commit()
    asked = status_page(app, client)
    assert ID_ASKED in asked and CONFIRM_LINK not in asked
    assert '<dd class="email-state">confirmed</dd>' in asked

    id_request = db.session.scalars(select(IdCopyRequest)).one()
    copy = identity.receive_upload(
        id_request, sanitise.sanitise(cards.to_png(cards.make("be_eid", {}).image))
    )
    db.session.commit()
    received = status_page(app, client)
    assert "We received your document and are checking it." in received
    assert ID_ASKED not in received and CONFIRM_LINK not in received

    assert identity.claim_for_inspection(copy.id)
    identity.record_inspection(copy, Inspection(), None)
    db.session.commit()
    with_staff = status_page(app, client)
    assert (
        "a member of our staff is checking it" in with_staff and "We are checking your identity" in with_staff
    )
    assert CONFIRM_LINK not in with_staff


def test_an_unconfirmed_address_is_the_next_step_where_confirmation_is_needed(app, client, forms):
    forms.submit_request()
    unconfirmed = status_page(app, client)
    assert CONFIRM_LINK in unconfirmed and '<dd class="email-state">not yet confirmed</dd>' in unconfirmed


def test_a_request_that_needs_no_confirmation_does_not_wait_for_one(app, client, forms):
    forms.submit_request(rights=["consent_withdrawal"], consent_scope="The newsletter")  # rules 5.2 level 1
    level_one = status_page(app, client)
    assert "not yet confirmed" not in level_one and CONFIRM_LINK not in level_one
    assert (
        "no confirmation needed for this request" in level_one
        and "We are handling your request." in level_one
    )
