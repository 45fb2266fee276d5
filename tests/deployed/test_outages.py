"""Failures along the way against the deployed portal: Redis, the worker and the SMTP server go
away and come back while requests are filed and answered. Nothing is lost (every request is on the
staff list, every mail arrives), no mail arrives twice (by Message-ID), and ``dsar worker`` and
``dsar cron`` stay up through it all."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.deployed import steps

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]

# A delivery that failed is tried again after 60 s (dsar/core/mail.py BACKOFF_SECONDS), and a job
# enqueued into a Redis that then lost its memory is dispatched again after 30 s (the deployment's
# DSAR_DISPATCH_STALE_SECONDS): the relay needs that long on top of the machine's load.
RECOVERY = 420.0


@pytest.fixture
def second_desk(chromium):
    """Another staff member's browser: a sign-in is per browser, as in an office."""
    context = chromium.new_context(locale="en-GB", ignore_https_errors=True, accept_downloads=True)
    yield context
    context.close()


def outbox_row(page, deployment, address: str):
    page.goto(deployment.url + "/staff/outbox/")
    return page.locator("table.outbox tr", has_text=address).first


def wait_for_failed_attempt(page, deployment, address: str) -> None:
    """The admin's outbox shows the delivery was tried and is waiting for its retry."""
    deadline = time.monotonic() + steps.PATIENCE
    while time.monotonic() < deadline:
        row = outbox_row(page, deployment, address)
        if row.count() and "mail-pending" in (row.get_attribute("class") or ""):
            cells = row.locator("td").all_inner_texts()
            if cells and cells[-1].strip() not in ("", "0"):
                return
        time.sleep(1)
    raise AssertionError(f"no failed delivery to {address} shown in the outbox")


def assert_processes_up(deployment) -> None:
    for name in ("web", "worker", "cron"):
        assert deployment.alive(name), f"{name} exited:\n{deployment.log(name)[-3000:]}"


def test_redis_worker_and_smtp_outages_lose_nothing_and_send_each_mail_once(
    deployment, person, desk, second_desk
):
    admin = steps.create_staff(deployment, "admin", "Otto Operator")
    operator = desk.new_page()
    steps.sign_in(operator, deployment, admin)
    page = person.new_page()

    # 1. Redis is gone while a person files a request: the request is taken, its mail waits.
    first = steps.unique_address("redis.down")
    deployment.redis.stop()
    try:
        reference_a = steps.file_request(page, deployment, "en", ["access"], "Rita Redis", first)
    finally:
        deployment.redis.start()
    acknowledgement = steps.wait_for_mail(deployment, first, reference_a, patience=RECOVERY)
    steps.confirm_address(page, acknowledgement)
    assert_processes_up(deployment)

    # 2. The SMTP server is down while the next request is filed: the delivery fails, is kept,
    # and is retried once the server is back.
    second = steps.unique_address("smtp.down")
    deployment.smtp.stop()
    try:
        reference_b = steps.file_request(page, deployment, "en", ["erasure"], "Sid Smtp", second)
        wait_for_failed_attempt(operator, deployment, second)
    finally:
        deployment.smtp.start()
    steps.wait_for_mail(deployment, second, reference_b, patience=RECOVERY)

    # 3. The worker is killed; the answer is sent meanwhile and the SMTP server answers the first
    # delivery with 451: the answer still arrives, once, after the worker is back.
    handler = steps.create_staff(deployment, "handler", "Wim Worker")
    staff = second_desk.new_page()
    steps.sign_in(staff, deployment, handler)
    steps.open_case(staff, deployment, reference_a)
    [sub_id] = steps.sub_request_ids(staff)
    steps.decide(staff, sub_id, "no_data_held")
    deployment.kill("worker")
    deployment.smtp.collector.fail_next = 1
    staff.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in steps.flash(staff)
    deployment.start("worker")
    answer = steps.wait_for_mail(deployment, first, "Our answer to your request", patience=RECOVERY)
    assert reference_a in str(answer["Subject"])

    # Nothing lost: both cases are there, and the person follows the answered one.
    for reference in (reference_a, reference_b):
        steps.open_case(staff, deployment, reference)
    page.goto(steps.link_in(answer, "/status/"))
    assert page.locator(".state").inner_text() == "Answered"

    # Exactly once: no Message-ID reached the SMTP server twice, and each person got each mail once.
    twice = [mid for mid, n in Counter(steps.message_ids(deployment)).items() if n > 1]
    assert twice == [], twice
    subjects = Counter(str(m["Subject"]) for m in steps.mails_to(deployment, first))
    subjects += Counter(str(m["Subject"]) for m in steps.mails_to(deployment, second))
    assert all(n == 1 for n in subjects.values()), subjects
    # rq logs the Redis error it met (with its traceback) before the process starts it again:
    # what counts is that both are still running.
    assert_processes_up(deployment)
