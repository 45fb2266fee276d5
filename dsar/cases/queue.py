"""The work queue: which open cases, in which order. Filters come from the query string and are
checked against known values; anything else is ignored rather than passed to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, exists, func, or_, select

from dsar.cases.models import Case, SubRequest
from dsar.core.db import db
from workflows.states import CaseRole, CaseState, Right

DUE_WINDOWS = ("overdue", "this_week")


@dataclass(frozen=True)
class QueueFilter:
    state: str | None = None
    right: str | None = None
    role: str | None = None
    controller_id: int | None = None
    due: str | None = None
    search: str | None = None

    @classmethod
    def from_args(cls, args) -> QueueFilter:
        def allowed(name: str, values) -> str | None:
            value = args.get(name)
            return value if value in {str(v) for v in values} else None

        controller = args.get("controller", "")
        search = (args.get("q") or "").strip()[:254]
        return cls(
            state=allowed("state", CaseState),
            right=allowed("right", Right),
            role=allowed("role", CaseRole),
            controller_id=int(controller) if controller.isdigit() else None,
            due=allowed("due", DUE_WINDOWS),
            search=search or None,
        )

    def as_args(self) -> dict:
        names = {
            "state": self.state,
            "right": self.right,
            "role": self.role,
            "controller": self.controller_id,
            "due": self.due,
            "q": self.search,
        }
        return {key: value for key, value in names.items() if value}


def open_cases(filters: QueueFilter, today: date) -> Select:
    query = select(Case).where(Case.closed_at.is_(None))
    if filters.state:
        query = query.where(Case.state == filters.state)
    if filters.role:
        query = query.where(Case.role == filters.role)
    if filters.controller_id:
        query = query.where(Case.client_controller_id == filters.controller_id)
    if filters.right:
        query = query.where(exists().where(SubRequest.case_id == Case.id, SubRequest.right == filters.right))
    if filters.due == "overdue":
        query = query.where(Case.due_date < today)
    elif filters.due == "this_week":
        query = query.where(Case.due_date >= today, Case.due_date <= today + timedelta(days=7))
    if filters.search:
        term = filters.search
        query = query.where(
            or_(Case.reference == term.upper(), func.lower(Case.requester_email) == term.lower())
        )
    return query


def count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
