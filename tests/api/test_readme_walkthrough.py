"""The README's curl walkthrough, run as an integrator would: bash and curl against the portal
served on loopback, with a token an admin created."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db
from tests.e2e.conftest import _serve

README = Path(__file__).resolve().parents[2] / "README.md"


def walkthrough() -> str:
    text = README.read_text()
    section = text[text.index("### An integrator's walkthrough with curl") :]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_readme_walkthrough_files_and_follows_requests(make_app, api_token, tmp_path):
    if not (shutil.which("curl") and shutil.which("jq")):
        pytest.skip("curl and jq are needed (Debian packages curl, jq)")
    app = make_app(JOB_RUNNER="manual")
    server = _serve(app)
    try:
        with app.app_context():
            token = api_token("requests:create", "cases:read")
            db.session.remove()
        env = {**os.environ, "PORTAL": server.url, "TOKEN": token}
        script = "set -euo pipefail\n" + walkthrough()
        result = subprocess.run(
            ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    letter = json.loads("\n".join(lines[: lines.index("}") + 1]))
    assert letter["channel"] == "letter" and letter["received_at"].startswith("2026-11-02T08:30")
    with app.app_context():
        references = set(db.session.scalars(select(Case.reference)))
        db.session.remove()
    assert (tmp_path / "reference.txt").read_text().strip() in references and len(references) == 2
    followed = json.loads("\n".join(lines[lines.index("}") + 1 : -2]))
    assert followed["state"] == "awaiting_verification" and followed["steps"][0] == "submitted"
    assert lines[-2] == "1"  # one open access request
    pointers = {error["pointer"] for error in json.loads(lines[-1])}
    assert pointers == {"/colour", "/email"}  # every fault at once
