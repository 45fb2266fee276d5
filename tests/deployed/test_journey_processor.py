"""A processor case in English against the deployed portal: an admin registers a client controller;
a person files an access request naming that client; a handler forwards it; the controller opens
its signed page from the mail (a tampered link opens nothing), acknowledges and gives its
instruction; only then may the answer go to the person."""

from __future__ import annotations

import secrets

import pytest

from tests.deployed import steps

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


@pytest.fixture
def second_desk(chromium):
    """Another staff member's browser: a sign-in is per browser, as in an office."""
    context = chromium.new_context(locale="en-GB", ignore_https_errors=True, accept_downloads=True)
    yield context
    context.close()


def register_client(page, deployment, name: str, contact: str) -> None:
    page.goto(deployment.url + "/staff/controllers/new")
    page.locator("[name=name]").fill(name)
    page.locator("[name=contact_emails]").fill(contact)
    page.locator("[name=language]").select_option("en")
    page.locator("[name=may_tell_subject]").check()
    page.locator("[name=listed_on_form]").check()
    page.get_by_role("button", name="Save").click()
    assert name in page.content()


def test_processor_case_forwarded_instructed_and_answered(deployment, person, desk, second_desk, chromium):
    client_name = f"Globex Ltd {secrets.token_hex(2)}"
    contact = steps.unique_address("dpo.globex")
    admin = steps.create_staff(deployment, "admin", "Ada Admin")
    staff = desk.new_page()
    steps.sign_in(staff, deployment, admin)
    register_client(staff, deployment, client_name, contact)

    email = steps.unique_address("sam")
    page = person.new_page()
    reference = steps.file_request(
        page, deployment, "en", ["access"], "Sam Smith", email,
        access_scope="All invoices since 2024", client=client_name,
    )  # fmt: skip
    acknowledgement = steps.wait_for_mail(deployment, email, reference)
    steps.confirm_address(page, acknowledgement)

    handler = steps.create_staff(deployment, "handler", "Henk Handler")
    work = second_desk.new_page()
    steps.sign_in(work, deployment, handler)
    steps.open_case(work, deployment, reference)
    assert work.locator(".controller-name").inner_text() == client_name
    work.get_by_role("button", name=f"Forward to {client_name}").click()
    assert "Forwarded to the client controller." in steps.flash(work)

    forward_mail = steps.wait_for_mail(deployment, contact, reference)
    assert client_name in str(forward_mail["Subject"])
    assert "All invoices since 2024" in steps.body(forward_mail)
    told = steps.wait_for_mail(deployment, email, "was forwarded")  # may_tell_subject is on
    assert reference in str(told["Subject"]) and client_name in steps.body(told)

    # Before the instruction nothing may reach the person (DPA art. 9.5).
    steps.open_case(work, deployment, reference)
    assert work.get_by_role("button", name="Send the answer to the requester").count() == 0
    assert "instruction" in work.locator(".action-answer .guard").inner_text()

    link = steps.link_in(forward_mail, "/controller/")
    controller = chromium.new_context(locale="en-GB", ignore_https_errors=True)
    try:
        client = controller.new_page()
        tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
        assert client.goto(tampered).status == 404
        client.goto(link)
        assert "All invoices since 2024" in client.content() and "Sam Smith" in client.content()
        client.get_by_role("button", name="Acknowledge receipt").click()
        assert client.locator(".acknowledged").is_visible()
        # Only an instruction to answer on the client's behalf lets our answer reach the person
        # (processing agreement art. 9.5).
        client.get_by_label("Your instruction").select_option("processor_answers")
        client.get_by_label("Details (optional)").fill("Please include the invoices since 2024.")
        client.get_by_role("button", name="Record my instruction").click()
        assert client.locator(".instruction").is_visible()
    finally:
        controller.close()

    steps.open_case(work, deployment, reference)
    assert work.locator(".acknowledged").inner_text() != "not yet"
    instruction = work.locator(".instruction").inner_text()
    assert "Please answer the data subject on our behalf" in instruction
    assert "Please include the invoices since 2024." in instruction
    work.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in steps.flash(work)

    answer = steps.wait_for_mail(deployment, email, "Our answer to your request")
    assert reference in str(answer["Subject"]) and "Sam Smith" in steps.body(answer)
    page.goto(steps.link_in(answer, "/status/"))
    assert page.locator(".state").inner_text() == "Answered"
    steps.open_case(work, deployment, reference)
    timeline = work.locator(".timeline").inner_text()
    for event in (
        "Forwarded to the client controller",
        "Client controller acknowledged receipt",
        "Client controller's instruction recorded",
        "Answer sent",
    ):
        assert event in timeline
