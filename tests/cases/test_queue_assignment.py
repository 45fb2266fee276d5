"""Assigning a case on its page, the assignee filter, and who may assign."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in

MARCH = datetime(2026, 3, 2, 9, tzinfo=UTC)


def submit(forms, **overrides) -> Case:
    with time_machine.travel(MARCH, tick=False):
        forms.submit_request(**overrides)
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def assign(forms, case: Case, assignee) -> None:
    path = f"/staff/cases/{case.reference}"
    response = forms.post(f"{path}/assign", {"assignee": str(assignee)}, form_path=path)
    assert response.status_code in (302, 403), response.status_code
    return response


def test_a_handler_assigns_and_unassigns_on_the_case_page(forms, client, staff):
    case = submit(forms)
    handler = staff("handler")
    dpo = staff("dpo", email="dpo@example.org")
    sign_in(forms)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert '<dd class="assignee">nobody</dd>' in page and "Save the assignment" in page

    assign(forms, case, dpo.id)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert '<dd class="assignee">Dpo</dd>' in page
    assign(forms, case, "")
    db.session.expire_all()
    assert db.session.get(Case, case.id).assignee_id is None
    kinds = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert kinds[-2:] == ["assigned", "unassigned"]
    trail = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["case.assigned", "case.unassigned"]))
    )
    assert [(e.action, e.actor_id, e.detail) for e in trail] == [
        ("case.assigned", handler.id, {"assignee_id": dpo.id}),
        ("case.unassigned", handler.id, {"assignee_id": None}),
    ]


def test_an_auditor_reads_the_assignment_but_cannot_change_it(forms, client, staff):
    case = submit(forms)
    handler = staff("handler")
    case.assignee_id = handler.id
    db.session.commit()
    staff("auditor", email="auditor@example.org")
    sign_in(forms, email="auditor@example.org")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert '<dd class="assignee">Handler</dd>' in page and "Save the assignment" not in page
    assert assign(forms, case, "").status_code == 403
    db.session.expire_all()
    assert db.session.get(Case, case.id).assignee_id == handler.id


def test_unknown_case_is_a_404_and_a_closed_case_keeps_its_assignee(forms, client, staff):
    case = submit(forms)
    handler = staff("handler")
    sign_in(forms)
    assert (
        forms.post("/staff/cases/ZZZZ-ZZZZ/assign", {"assignee": ""}, form_path="/staff/cases").status_code
        == 404
    )
    case.state, case.closed_at = "closed", MARCH
    db.session.commit()
    assign(forms, case, handler.id)
    assert "Not done: the case is closed" in client.get("/staff/cases").get_data(as_text=True)


def test_the_assignee_filter_mine_unassigned_and_by_person(forms, client, staff):
    mine, theirs, nobodys = (submit(forms, email=f"p{n}@example.org") for n in range(3))
    handler = staff("handler")
    dpo = staff("dpo", email="dpo@example.org")
    mine.assignee_id, theirs.assignee_id = handler.id, dpo.id
    db.session.commit()
    sign_in(forms)

    def shown(query: str) -> set[str]:
        page = client.get(f"/staff/cases?{query}").get_data(as_text=True)
        return {c.reference for c in (mine, theirs, nobodys) if f'data-reference="{c.reference}"' in page}

    assert shown("assignee=mine") == {mine.reference}
    assert shown("assignee=unassigned") == {nobodys.reference}
    assert shown(f"assignee={dpo.id}") == {theirs.reference}
    assert shown("assignee=<script>") == {mine.reference, theirs.reference, nobodys.reference}
    page = client.get("/staff/cases").get_data(as_text=True)
    row = page[page.index(f'data-reference="{theirs.reference}"') :].split("</tr>")[0]
    assert '<td class="assignee">Dpo</td>' in row
