"""Helpers for the case-work tests: a case being worked on, and posting the case page's forms."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields

PASSWORD = "correct horse battery"


def the_case(reference: str | None = None) -> Case:
    db.session.expire_all()
    query = select(Case) if reference is None else select(Case).where(Case.reference == reference)
    return db.session.scalars(query.order_by(Case.id)).first()


def working_case(forms, **overrides) -> Case:
    """A web request whose e-mail address was confirmed: being worked on."""
    forms.submit_request(**overrides)
    case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    case.state = "in_progress"
    db.session.commit()
    return case


def as_user(forms, client, email: str) -> None:
    page = client.get("/staff/cases")
    if page.status_code == 200:
        client.post("/staff/logout", data=hidden_fields(page.get_data(as_text=True)))
    sign_in(forms, email=email, password=PASSWORD)


def case_page(client, case: Case) -> str:
    return client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)


def post(client, case: Case, path: str, fields: dict, prefix: str = "", **kwargs):
    """Post one of the case page's forms with its CSRF token; returns the response (not followed)."""
    token = hidden_fields(case_page(client, case))["csrf_token"]
    data = {"csrf_token": token, **{f"{prefix}{key}": value for key, value in fields.items()}}
    return client.post(f"/staff/cases/{case.reference}{path}", data=data, **kwargs)


def post_and_read(client, case: Case, path: str, fields: dict, prefix: str = "", **kwargs) -> str:
    response = post(client, case, path, fields, prefix, **kwargs)
    assert response.status_code == 302, response.status_code
    return client.get(response.location).get_data(as_text=True)


def events(kind: str) -> list[CaseEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(CaseEvent).where(CaseEvent.kind == kind)))


def audited(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
