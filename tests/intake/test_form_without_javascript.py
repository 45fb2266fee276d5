"""The public form as a person without JavaScript gets it: every right's section shows, each one
says what it belongs to, details of a right not ticked are named on the confirmation page, and
switching the language keeps what was typed."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.support.forms import hidden_fields, valid_request


def test_each_section_says_which_right_it_belongs_to(client):
    page = client.get("/?lang=nl").get_data(as_text=True)
    assert page.count('class="hint right-hint"') == 7
    assert "Telt alleen als u “Wissing” hierboven aanvinkt." in page


def test_details_of_a_right_not_ticked_are_named_on_the_confirmation_page(forms, client):
    forms.submit_request(rights=["access"], erasure_scope="My newsletter profile", consent_scope="Mailing")
    case = db.session.scalars(select(Case)).one()
    assert case.rights == ["access"]
    page = client.get("/submitted").get_data(as_text=True)
    assert "They are not part of this request" in page
    left_out = page.split('class="flash warning left-out"', 1)[1].split("</div>", 1)[0]
    assert "Erasure: delete my data" in left_out and "Withdraw consent" in left_out
    assert "Access" not in left_out
    assert "My newsletter profile" not in page  # named, not echoed


def test_a_request_with_only_ticked_details_names_nothing_left_out(forms, client):
    forms.submit_request(rights=["access"], erasure_scope="")
    assert "not part of this request" not in client.get("/submitted").get_data(as_text=True)


def test_switching_the_language_keeps_what_was_typed_and_sends_nothing(client):
    tokens = hidden_fields(client.get("/?lang=en").get_data(as_text=True))
    typed = valid_request(name="Zoë Janssens", access_scope="Facturen sinds 2024")
    response = client.post("/?lang=fr", data={**tokens, **typed, "switch_language": "fr"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="fr">' in page
    assert (
        "Zoë Janssens" in page
        and "Facturen sinds 2024" in page
        and re.search(r'<input checked[^>]*value="access"', page)
    )
    assert 'class="error"' not in page  # nothing was checked or refused
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    # the language stays chosen for what follows
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


def test_a_language_switch_without_a_valid_token_echoes_nothing(client):
    typed = valid_request(name="Forged Name")
    response = client.post("/?lang=nl", data={**typed, "switch_language": "nl", "csrf_token": "forged"})
    assert response.status_code == 400 and "Forged Name" not in response.get_data(as_text=True)
