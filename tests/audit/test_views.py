"""The audit trail pages: who may read them, filters, keyset paging, the chain check, exports that
an outsider can re-verify with the key, and reading the trail being itself on the trail."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select, text

from dsar.accounts.models import StaffUser
from dsar.cases.models import Case
from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields

ROOT = Path(__file__).resolve().parents[2]
ENTRY_ID = re.compile(r'<tr class="audit-entry">\s*<td>(\d+)</td>')
OLDER = re.compile(r'<a href="([^"]+)">Older entries</a>')


def as_role(forms, staff, role):
    staff(role)
    sign_in(forms, email=f"{role}@example.org")


def actions_in(html: str) -> list[str]:
    """The action codes of the rows (each cell shows the worded action, its code as the tooltip)."""
    return re.findall(r'<td class="action" title="([^"]+)">', html)


def test_actions_are_worded_in_the_readers_language(forms, client, staff):
    forms.submit_request()
    as_role(forms, staff, "dpo")
    page = client.get("/staff/audit/?lang=nl").get_data(as_text=True)
    shown = re.findall(r'<td class="action" title="[^"]+">([^<]+)<', page)
    assert "Aangemeld" in shown and "Verzoek ontvangen" in shown
    assert not [text for text in shown if "." in text or "_" in text]  # no code as the visible text


@pytest.mark.parametrize("role", ["admin", "dpo", "auditor"])
def test_readers_see_the_trail_newest_first(forms, client, staff, role):
    forms.submit_request()
    as_role(forms, staff, role)
    page = client.get("/staff/audit/").get_data(as_text=True)
    # Newest first: the sign-in, then (before the reader's own sign-in steps) the request.
    actions = actions_in(page)
    assert actions[0] == "staff.sign_in"
    assert [action for action in actions if not action.startswith("staff.")] == [
        "case.acknowledgement_queued",
        "case.submitted",
    ]


def test_a_handler_may_not_read_the_trail(forms, client, staff):
    as_role(forms, staff, "handler")
    for path in ("/staff/audit/", "/staff/audit/export.csv", "/staff/audit/export.jsonl"):
        assert client.get(path).status_code == 403
    token = hidden_fields(client.get("/staff/cases").get_data(as_text=True))
    assert client.post("/staff/audit/verify", data=token).status_code == 403


def test_filters_by_case_actor_action_and_date(forms, client, staff):
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=UTC), tick=False):
        forms.submit_request()
    forms.submit_request(email="other@example.org")
    first, second = db.session.scalars(select(Case).order_by(Case.id)).all()
    as_role(forms, staff, "dpo")
    client.get(f"/staff/cases/{second.reference}")

    by_case = client.get(f"/staff/audit/?case={first.reference.lower()}").get_data(as_text=True)
    assert actions_in(by_case) == ["case.acknowledgement_queued", "case.submitted"]
    by_action = actions_in(client.get("/staff/audit/?action=case.viewed").get_data(as_text=True))
    assert by_action == ["case.viewed"]
    dpo = db.session.scalar(select(StaffUser.id).where(StaffUser.email == "dpo@example.org"))
    by_actor = set(actions_in(client.get(f"/staff/audit/?actor={dpo}").get_data(as_text=True)))
    assert by_actor == {
        "staff.two_factor_enrolled",
        "staff.password_accepted",
        "staff.sign_in",
        "case.viewed",
        "audit.viewed",
    }
    by_day = client.get("/staff/audit/?since=2026-05-04&until=2026-05-04").get_data(as_text=True)
    assert actions_in(by_day) == ["case.acknowledgement_queued", "case.submitted"]
    assert "No entries match." in client.get("/staff/audit/?case=NOPE-NOPE").get_data(as_text=True)
    assert client.get("/staff/audit/?since=not-a-date&actor=x").status_code == 200  # ignored, not a 500


def test_paging_walks_back_by_id(app, forms, client, staff):
    for i in range(120):
        audit.record("case.viewed", actor_id=None, case_id=i)
    db.session.commit()
    as_role(forms, staff, "auditor")
    seen, url = [], "/staff/audit/?action=case.viewed"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [int(found) for found in ENTRY_ID.findall(page)]
        older = OLDER.search(page)
        url = unescape(older.group(1)) if older else None
    assert len(seen) == 120 and seen == sorted(seen, reverse=True)


def test_reading_and_exporting_the_trail_is_on_the_trail(forms, client, staff):
    as_role(forms, staff, "auditor")
    client.get("/staff/audit/?action=case.")
    client.get("/staff/audit/export.csv?case=ABCD-EFGH").get_data()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert entries[-2].action == "audit.viewed" and entries[-2].detail == {"filters": {"action": "case."}}
    assert entries[-1].action == "audit.exported"
    assert entries[-1].detail == {"format": "csv", "filters": {"case": "ABCD-EFGH"}}
    assert entries[-1].actor_id is not None and entries[-1].ip == "127.0.0.1"


def test_the_csv_export_neutralises_formulas(forms, client, staff):
    audit.record('=HYPERLINK("https://evil.example","x")', actor_id=None)
    db.session.commit()
    as_role(forms, staff, "dpo")
    body = client.get("/staff/audit/export.csv").data.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["action"] == '\'=HYPERLINK("https://evil.example","x")'
    assert [row["action"] for row in rows][1:] == [
        "staff.two_factor_enrolled",
        "staff.password_accepted",
        "staff.sign_in",
        "audit.exported",
    ]


def test_the_json_lines_export_is_reverified_outside_the_portal(app, forms, client, staff, tmp_path):
    forms.submit_request()
    as_role(forms, staff, "dpo")
    export = tmp_path / "audit.jsonl"
    export.write_bytes(client.get("/staff/audit/export.jsonl").data)
    script, env = (
        str(ROOT / "scripts" / "verify_audit_export.py"),
        {"DSAR_AUDIT_KEY": app.config["AUDIT_KEY"]},
    )
    good = subprocess.run([sys.executable, script, str(export)], env=env, capture_output=True, text=True)
    entries = len(export.read_text().splitlines())  # the request's two, the DPO's sign-in steps
    assert entries >= 4 and good.returncode == 0 and good.stdout == f"export intact: {entries} entries\n"

    lines = export.read_text().splitlines()
    export.write_text(
        "\n".join([lines[0], lines[1].replace("case.acknowledgement_queued", "case.x"), *lines[2:]])
    )
    bad = subprocess.run([sys.executable, script, str(export)], env=env, capture_output=True, text=True)
    second_id = json.loads(lines[1])["id"]
    assert bad.returncode == 1 and f"entry {second_id} was changed" in bad.stdout

    export.write_text("\n".join([lines[0], *lines[2:]]))  # an entry left out of an unfiltered export
    gap = subprocess.run(
        [sys.executable, script, "--unfiltered", str(export)], env=env, capture_output=True, text=True
    )
    assert gap.returncode == 1 and "does not follow" in gap.stdout

    wrong_key = subprocess.run(
        [sys.executable, script, str(export)], env={"DSAR_AUDIT_KEY": "guess"}, capture_output=True, text=True
    )
    assert wrong_key.returncode == 1


def verify_page(client) -> str:
    page = client.get("/staff/audit/").get_data(as_text=True)
    return client.post("/staff/audit/verify", data=hidden_fields(page)).get_data(as_text=True)


def test_the_chain_check_on_the_page_names_the_first_bad_entry(forms, client, staff):
    forms.submit_request()
    as_role(forms, staff, "auditor")
    assert "The chain is intact" in verify_page(client)
    victim = db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).first()
    db.session.execute(text("UPDATE audit_entry SET action = 'case.nothing' WHERE id = :id"), {"id": victim})
    db.session.commit()
    assert f"The chain is broken at entry {victim}" in verify_page(client)
    assert (
        db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first()
        == "audit.verified"
    )


def test_case_pages_and_file_downloads_record_who_when_where_what(app, forms, client, staff):
    from dsar.cases import files

    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    record = files.store(case.id, "controller_upload", b"a,b\n1,2\n", "export.csv")
    db.session.commit()
    as_role(forms, staff, "handler")
    before = db.session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
    client.get(f"/staff/cases/{case.reference}")
    assert client.get(f"/staff/cases/{case.reference}/files/{record.public_id}").data == b"a,b\n1,2\n"
    viewed, downloaded = db.session.scalars(select(AuditEntry).where(AuditEntry.id > before)).all()
    handler = db.session.scalar(select(StaffUser.id).where(StaffUser.email == "handler@example.org"))
    assert (viewed.action, viewed.actor_id, viewed.ip, viewed.case_id) == (
        "case.viewed",
        handler,
        "127.0.0.1",
        case.id,
    )
    assert (downloaded.action, downloaded.actor_id, downloaded.ip) == (
        "case.file_viewed",
        handler,
        "127.0.0.1",
    )
    assert downloaded.detail == {"file": record.public_id} and downloaded.at is not None


def test_the_requesters_own_actions_leave_no_address_on_the_trail(forms):
    """Their IP would be personal data of the case that a purge could not remove from the chain."""
    forms.submit_request()
    entries = db.session.scalars(select(AuditEntry)).all()
    assert [e.action for e in entries] == ["case.submitted", "case.acknowledgement_queued"]
    assert {e.ip for e in entries} == {None}


def test_reading_a_mail_in_the_outbox_is_on_the_trail(forms, client, staff):
    from dsar.core.mail import OutboxMessage

    forms.submit_request()
    message = db.session.scalars(select(OutboxMessage)).one()
    as_role(forms, staff, "handler")
    assert client.get(f"/staff/outbox/{message.id}").status_code == 200
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.case_id, entry.detail, entry.ip) == (
        "mail.viewed",
        message.case_id,
        {"message": message.id},
        "127.0.0.1",
    )


def test_the_client_controller_reading_a_forward_is_on_the_trail(forms, client, staff):
    from tests.controllers.test_forwarding import add_controller, controller_path, forward_as_staff

    forms.submit_request(controller=str(add_controller().id))
    forward_as_staff(forms, client, staff)
    case = db.session.scalars(select(Case)).one()
    assert client.get(controller_path()).status_code == 200
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.case_id, entry.actor_id, entry.ip) == (
        "case.controller_page_viewed",
        case.id,
        None,
        None,
    )
