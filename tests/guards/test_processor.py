"""Bugs 3 and 4 of issue 12: as a processor we send the requester only what the client controller's
instruction covers, and our receipt promises no date of our own (DPA art. 9.5, rules P1, P4)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dsar.controllers import service
from dsar.controllers.models import ClientController, Forward
from dsar.core.db import db
from tests.guards.conftest import mails, the_case


def processor_case(forms, lang: str, may_tell_subject: bool) -> ClientController:
    controller = ClientController(
        name="Bakkerij Janssens BV",
        contact_emails=["privacy@janssens.example"],
        language="nl",
        listed_on_form=True,
        may_tell_subject=may_tell_subject,
    )
    db.session.add(controller)
    db.session.commit()
    forms.submit_request(lang=lang, rights=["access"], controller=str(controller.id))
    assert the_case().role == "processor"
    return controller


def test_the_receipt_of_a_processor_case_promises_no_date_of_ours(forms, client):
    processor_case(forms, "nl", may_tell_subject=False)
    case = the_case()
    assert mails("acknowledgement") == []
    [receipt] = mails("receipt_neutral")
    assert case.reference in receipt.body_text
    # No answer date of ours (we do not decide, P1) and no client named (P4).
    assert "uiterlijk" not in receipt.body_text and "Art. 12(3)" not in receipt.body_text
    assert "Janssens" not in receipt.body_text and "Janssens" not in receipt.body_html
    status_path = re.search(r"http://[^/\s]+(/status/\S+)", receipt.body_text).group(1)
    status = client.get(status_path + "?lang=nl").get_data(as_text=True)
    assert case.reference in status
    assert 'class="due"' not in status


def test_a_controller_case_still_announces_its_due_date(forms):
    forms.submit_request(lang="en", rights=["access"])
    [ack] = mails("acknowledgement")
    assert "We will answer at the latest on" in ack.body_text


def forward_with(case_page, instruction: str) -> str:
    page = case_page("nl")
    page.post("forward")
    forward = db.session.scalars(select(Forward)).one()
    service.record_instruction(forward, the_case(), instruction, None)
    db.session.commit()
    return page.post("answer")


@pytest.mark.parametrize(
    "instruction", ["controller_answers", "processor_exports", "processor_executes", "no_data_held"]
)
def test_nothing_reaches_the_requester_without_an_instruction_to_answer_for_the_client(
    forms, case_page, instruction
):
    processor_case(forms, "nl", may_tell_subject=True)
    refused = forward_with(case_page, instruction)
    assert "heeft ons niet opgedragen de betrokkene in zijn naam te antwoorden" in refused
    assert mails("answer") == []
    assert the_case().state == "forwarded"


def test_an_instruction_to_answer_for_the_client_lets_our_answer_out(forms, case_page):
    processor_case(forms, "nl", may_tell_subject=True)
    forward_with(case_page, "processor_answers")
    assert the_case().state == "answered"
    [answer] = mails("answer")
    assert answer.to_address == the_case().requester_email
