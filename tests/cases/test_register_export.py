"""The case register export: the facts per case, safe to open in a spreadsheet, for the DPO."""

from __future__ import annotations

import csv
import io

from tests.accounts.test_sign_in import sign_in
from tests.controllers.test_forwarding import add_controller


def test_the_register_neutralises_formulas_and_holds_no_request_content(forms, client, staff):
    controller = add_controller(name='=HYPERLINK("https://evil.example","x")')
    forms.submit_request(controller=str(controller.id), access_scope="SECRET SCOPE TEXT")
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    response = client.get("/staff/cases/register.csv")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert header[0] == "reference" and len(rows) == 2
    assert row[header.index("client_controller")] == '\'=HYPERLINK("https://evil.example","x")'
    assert row[header.index("rights")] == "access;erasure"
    assert "SECRET SCOPE TEXT" not in response.data.decode() and "an.peeters" not in response.data.decode()
    assert response.headers["Content-Disposition"] == "attachment; filename=case-register.csv"


def test_a_handler_cannot_export_the_register(forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get("/staff/cases/register.csv").status_code == 403
