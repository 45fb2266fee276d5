"""Access and portability in Dutch, against the deployed portal: the person files the request,
confirms the address from the mail the SMTP server received, staff sign in with two-factor, collect
the data from the demo source, decide and answer; the person downloads the bundle and the letter
from the answer mail with no staff session, and the bundle's manifest holds."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from tests.deployed.steps import (
    Staff,
    body,
    confirm_address,
    decide,
    file_request,
    flash,
    sign_in,
    sub_request_ids,
    timeline_with,
    wait_for_mail,
)

pytestmark = [pytest.mark.deployed, pytest.mark.browser, pytest.mark.timeout(900)]


def test_access_and_portability_in_dutch_from_form_to_downloaded_bundle(deployment, person, desk):
    email = deployment.demo_email  # the demo source holds this person's orders
    page = person.new_page()
    scope = {"access_scope": "Alles wat u over mij bewaart"}
    reference = file_request(
        page, deployment, "nl", ["access", "portability"], "Lotte Janssens", email, **scope
    )
    assert page.locator("h1").inner_text() == "We hebben uw verzoek ontvangen"

    acknowledgement = wait_for_mail(deployment, email, reference)
    assert "Beste Lotte Janssens" in body(acknowledgement)
    confirm_address(page, acknowledgement)
    assert page.locator("h1").inner_text() == f"Verzoek {reference}"

    staff = desk.new_page()
    sign_in(staff, deployment, Staff(deployment.admin_email, deployment.admin_password))
    staff.goto(f"{deployment.url}/staff/cases/{reference}")
    staff.get_by_role("button", name="Collect the data from every source").click()
    staff.wait_for_selector("p.bundle", timeout=240_000)  # the worker collects; the page follows
    for sub_id in sub_request_ids(staff):
        decide(staff, sub_id, "granted")
    staff.get_by_role("button", name="Send the answer to the requester").click()
    assert "The answer is on its way to the requester." in flash(staff)

    answer = None
    for count in (1, 2, 3):  # the acknowledgement came first
        answer = wait_for_mail(deployment, email, reference, count=count)
        if "/download/" in body(answer):
            break
    links = [line.split(": ", 1) for line in body(answer).splitlines() if "/download/" in line]
    anonymous = deployment.http()  # the person's own mail client: no staff cookie
    bundles = {name.strip(): anonymous.get(url.strip(), timeout=60) for name, url in links}
    assert all(r.status_code == 200 for r in bundles.values()), {n: r.status_code for n, r in bundles.items()}
    assert all(int(r.headers["Content-Length"]) == len(r.content) for r in bundles.values())

    [zipped] = [r.content for name, r in bundles.items() if name.endswith(".zip")]
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    manifest = json.loads(archive.read("manifest.json"))
    files = manifest["files"]
    assert files and all(
        hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"] for entry in files
    )
    assert email in archive.read("data.json").decode()

    [letter] = [r.content for name, r in bundles.items() if name.endswith(".pdf")]
    letter_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(letter)).pages)
    assert reference in letter_text and "Lotte Janssens" in letter_text

    page.goto(next(word for word in body(answer).split() if "/status/" in word))
    assert page.locator(".state").inner_text() == "Beantwoord"
    timeline = timeline_with(
        staff, deployment, reference, "Answer downloaded by the requester", times=len(links)
    )
    assert timeline.count("Answer downloaded by the requester") == len(links), timeline
