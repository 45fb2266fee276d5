"""The OpenAPI document agrees with the code: the same paths and methods as the routes, and
schemathesis, run against the portal served on loopback, finds no server error and no response
that breaks the document (status, content type, schema), refused bad input and enforced auth."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.controllers.service import forward_case
from dsar.core.db import db
from tests.api.conftest import bearer
from tests.api.test_filing import BODY
from tests.controllers.test_forwarding import add_controller
from tests.e2e.conftest import _serve

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "ignored_auth",
    "unsupported_method",
)


def _documented(document: dict) -> set[tuple[str, str]]:
    return {(path, method.upper()) for path, item in document["paths"].items() for method in item}


def _routed(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            found |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return found


def test_the_document_describes_exactly_the_routes(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert _documented(document) == _routed(app)
    assert set(document["webhooks"]) == {
        "case.created",
        "case.verified",
        "case.forwarded",
        "case.extended",
        "case.answered",
        "case.closed",
        "forward.instruction_received",
    }


@pytest.mark.timeout(900)  # a few hundred generated calls; minutes on a loaded two-core machine
def test_schemathesis_finds_nothing_against_the_live_server(make_app, api_token, tmp_path):
    app = make_app(JOB_RUNNER="manual")
    server = _serve(app)
    try:
        with app.app_context():
            controller = add_controller()
            token = api_token("requests:create", "cases:read", f"controller:{controller.id}")
            _a_forwarded_case(app, token, controller)
            command = [
                str(SCHEMATHESIS),
                "run",
                f"{server.url}/api/v1/openapi.json",
                "--checks",
                ",".join(CHECKS),
                "--header",
                f"Authorization: Bearer {token}",
                "--max-examples",
                "15",
                "--seed",
                "18",
                "--workers",
                "1",
                "--phases",
                "examples,coverage,fuzzing",
                "--generation-database",
                "none",
                "--no-color",
                "--report",
                "junit",
                "--report-dir",
                str(tmp_path),
            ]
            result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
            db.session.remove()
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or "passed" in result.stdout, result.stdout[-3000:]


def _a_forwarded_case(app, token: str, controller) -> None:
    response = app.test_client().post(
        "/api/v1/requests", json={**BODY, "controller_id": controller.id}, headers=bearer(token)
    )
    assert response.status_code == 201
    case = db.session.scalars(select(Case)).one()
    forward_case(case, None)
    db.session.commit()
