"""The client controller's instruction list starts empty and shows what was recorded (issue 16
item 6): saving without choosing must not record "we answer ourselves" (rules 2.8)."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from dsar.controllers.models import Forward
from dsar.core.db import db
from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff
from tests.support.forms import hidden_fields


def the_forward() -> Forward:
    db.session.expire_all()
    return db.session.scalars(select(Forward)).one()


def selected_option(page: str) -> str:
    """The option a browser shows: the one marked selected, else the first."""
    start = page.index('name="i-instruction"')
    options = page[start : page.index("</select>", start)].split("<option")[1:]
    chosen = [part for part in options if "selected" in part.split(">")[0]] or options
    return unescape(chosen[0].split(">", 1)[1].split("</option")[0])


def test_saving_without_choosing_records_nothing_and_keeps_the_note(forms, client, staff, app):
    forms.submit_request(controller=str(add_controller(language="en").id))
    forward_as_staff(forms, client, staff)
    controller = app.test_client()
    page = controller.get(controller_path() + "?lang=en").get_data(as_text=True)
    assert selected_option(page) == "Choose your instruction"

    refused = controller.post(
        controller_path(),
        data={**hidden_fields(page), "action": "instruct", "i-instruction": "", "i-note": "Wait for us"},
    ).get_data(as_text=True)

    assert the_forward().instruction is None
    assert "Choose your instruction." in refused and "Wait for us" in refused


def test_the_page_shows_the_instruction_that_was_recorded(forms, client, staff, app):
    forms.submit_request(controller=str(add_controller(language="nl").id))
    forward_as_staff(forms, client, staff)
    controller = app.test_client()
    page = controller.get(controller_path() + "?lang=nl").get_data(as_text=True)
    controller.post(
        controller_path(),
        data={**hidden_fields(page), "action": "instruct", "i-instruction": "no_data_held", "i-note": ""},
    )

    again = controller.get(controller_path()).get_data(as_text=True)
    assert the_forward().instruction == "no_data_held"
    assert selected_option(again) == "Wij hebben geen gegevens over deze persoon"
    assert 'class="recorded-instruction">Wij hebben geen gegevens over deze persoon' in unescape(again)
