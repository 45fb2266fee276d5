"""The work queue: which open cases, in which order. Filters come from the query string and are
checked against known values; anything else is ignored rather than passed to the database.

Pages are read by keyset ("after this due date and id"), never by OFFSET, along the partial index
of the open cases ix_case_open_due (due_date, id): page 2,000 costs what page 1 costs. The total is
counted up to COUNT_CAP only, so a queue of 100,000 open cases does not count them all on every page
view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, exists, func, select, tuple_

from dsar.cases.duplicates import PossibleDuplicate
from dsar.cases.models import Case, SubRequest
from dsar.core.db import MAX_ID, db
from workflows.states import CaseRole, CaseState, Right

REFERENCE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$")
DUE_WINDOWS = ("overdue", "this_week")
ASSIGNEE_CHOICES = ("mine", "unassigned")
# Beyond this the page says "more than 200": counting further costs a scan of every match.
COUNT_CAP = 200


@dataclass(frozen=True)
class QueueFilter:
    state: str | None = None
    right: str | None = None
    role: str | None = None
    controller_id: int | None = None
    due: str | None = None
    search: str | None = None
    assignee: str | None = None  # "mine", "unassigned" or a staff id
    duplicates: bool = False  # only cases flagged as possible duplicates

    @classmethod
    def from_args(cls, args) -> QueueFilter:
        def allowed(name: str, values) -> str | None:
            value = args.get(name)
            return value if value in {str(v) for v in values} else None

        controller = args.get("controller", "")
        search = (args.get("q") or "").strip()[:254]
        assignee = args.get("assignee", "")
        return cls(
            state=allowed("state", CaseState),
            right=allowed("right", Right),
            role=allowed("role", CaseRole),
            controller_id=int(controller) if controller.isdigit() else None,
            due=allowed("due", DUE_WINDOWS),
            search=search or None,
            assignee=assignee if assignee in ASSIGNEE_CHOICES or assignee.isdigit() else None,
            duplicates=args.get("duplicates") == "1",
        )

    def as_args(self) -> dict:
        names = {
            "state": self.state,
            "right": self.right,
            "role": self.role,
            "controller": self.controller_id,
            "due": self.due,
            "q": self.search,
            "assignee": self.assignee,
            "duplicates": "1" if self.duplicates else None,
        }
        return {key: value for key, value in names.items() if value}


def open_cases(filters: QueueFilter, today: date, user_id: int | None = None) -> Select:
    query = select(Case).where(Case.closed_at.is_(None))
    query = _by_assignee(query, filters.assignee, user_id)
    if filters.duplicates:
        query = query.where(exists().where(PossibleDuplicate.case_id == Case.id))
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
        query = query.where(_search(filters.search))
    return query


def _search(term: str):
    """A reference (any case) or an e-mail address (without case); each side has its own index
    (the reference's unique index, ix_case_requester_email_lower), so neither scans the table."""
    if REFERENCE.match(term.upper()):
        return Case.reference == term.upper()
    return func.lower(Case.requester_email) == term.lower()


def _by_assignee(query: Select, assignee: str | None, user_id: int | None) -> Select:
    if assignee == "unassigned":
        return query.where(Case.assignee_id.is_(None))
    if assignee == "mine":
        return query.where(Case.assignee_id == user_id)
    if assignee:
        return query.where(Case.assignee_id == int(assignee))
    return query


def count(query: Select, cap: int = COUNT_CAP) -> int:
    """How many cases match, counted up to ``cap`` (the page then says "more than cap")."""
    limited = query.with_only_columns(Case.id).order_by(None).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(limited))


def rights_of(case_ids: list[int]) -> dict[int, list[str]]:
    """Each case's rights in the order they were asked (sub-request id), in one narrow query."""
    found: dict[int, list[str]] = {case_id: [] for case_id in case_ids}
    if case_ids:
        query = select(SubRequest.case_id, SubRequest.right).where(SubRequest.case_id.in_(case_ids))
        for case_id, right in db.session.execute(query.order_by(SubRequest.id)):
            found[case_id].append(right)
    return found


def parse_cursor(raw: str | None) -> tuple[date, int] | None:
    """The "after" cursor of a page link: YYYY-MM-DD.id of the last case shown. Junk: first page."""
    day, _, case_id = (raw or "").partition(".")
    try:
        cursor = date.fromisoformat(day), int(case_id)
    except ValueError:
        return None
    return cursor if 0 <= cursor[1] <= MAX_ID else None  # beyond INTEGER: PostgreSQL would refuse it


def cursor_of(case: Case) -> str:
    return f"{case.due_date.isoformat()}.{case.id}"


def page(query: Select, after: tuple[date, int] | None, size: int) -> Select:
    """One page in legal due-date order (ties by id), starting after the cursor."""
    if after is not None:
        query = query.where(tuple_(Case.due_date, Case.id) > tuple_(*after))
    return query.order_by(Case.due_date, Case.id).limit(size)
