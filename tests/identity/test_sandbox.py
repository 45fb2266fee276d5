"""Decoding and inspection run in a child process with a memory cap and a time limit
(security.md U-06): a file that takes too long becomes a refusal, never a stuck page."""

from __future__ import annotations

import pytest

from dsar.core.db import db
from dsar.identity.models import CopyStatus
from tests.identity import cards
from tests.identity.conftest import copies, files_on_disk, post_upload


@pytest.fixture
def app(make_app):
    app = make_app(ID_SANDBOX=True)
    with app.app_context():
        yield app
        db.session.remove()


def test_the_isolated_path_refuses_hostile_files_and_keeps_clean_ones(app, client, jobs, link):
    refused = post_upload(client, link, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "id.png")
    assert refused.status_code == 422 and copies() == [] and files_on_disk(app) == set()

    accepted = post_upload(client, link, cards.to_pdf(cards.make("nl_id", cards.FIELDS).image), "id.pdf")
    assert accepted.status_code == 302
    jobs.drain()
    [copy] = copies()
    assert copy.status == CopyStatus.STORED and copy.findings["properly_redacted"] is True


def test_an_inspection_over_its_time_limit_keeps_nothing(app, client, jobs, link):
    app.config["ID_INSPECTION_TIMEOUT"] = 0
    response = post_upload(client, link, cards.to_png(cards.make("be_eid").image))
    jobs.drain()
    [copy] = copies()
    assert copy.status == CopyStatus.REJECTED and copy.failure == "timeout"
    assert files_on_disk(app) == set()
    page = client.get(response.location).get_data(as_text=True)
    assert "We could not check this file" in page and "Nothing was kept" in page
