"""Possible duplicates: flagged at intake, shown to staff, never merged (workflows/duplicates.py).

A flag links the newer case to each earlier one from the same requester e-mail (without case) for
a right in common, received within DSAR_DUPLICATE_WINDOW_DAYS. Staff decide; the flag decides
nothing. Operations never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ForeignKey, String, UniqueConstraint, exists, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from dsar.cases.models import Case, SubRequest
from dsar.cases.service import record_event
from dsar.core.db import UTCDateTime, db, utcnow
from workflows.duplicates import RequestFacts, is_possible_duplicate


class PossibleDuplicate(db.Model):
    __tablename__ = "possible_duplicate"
    __table_args__ = (UniqueConstraint("case_id", "other_case_id", name="uq_possible_duplicate_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    other_case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    rights: Mapped[str] = mapped_column(String(200))  # the rights in common, comma-separated
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def facts_of(case: Case) -> RequestFacts:
    return RequestFacts(
        reference=case.reference,
        email=case.requester_email,
        rights=frozenset(case.rights),
        received_at=case.received_at,
        state=case.state,
        role=case.role,
        client_controller_id=case.client_controller_id,
    )


def window_days() -> int:
    return current_app.config["DUPLICATE_WINDOW_DAYS"]


def candidates(case: Case, days: int) -> list[Case]:
    """Other cases from the same address for a right in common, received within ``days``."""
    span = timedelta(days=days)
    query = select(Case).where(
        Case.id != case.id,
        func.lower(Case.requester_email) == case.requester_email.strip().lower(),
        Case.received_at >= case.received_at - span,
        Case.received_at <= case.received_at + span,
        exists().where(SubRequest.case_id == Case.id, SubRequest.right.in_(case.rights)),
    )
    return list(db.session.scalars(query.order_by(Case.received_at)))


def flag_possible_duplicates(case: Case, actor_id: int | None = None) -> list[Case]:
    """At intake: link the new case to the earlier ones it may repeat, and say so on its timeline."""
    days, new = window_days(), facts_of(case)
    found = [other for other in candidates(case, days) if is_possible_duplicate(new, facts_of(other), days)]
    for other in found:
        common = sorted(set(case.rights) & set(other.rights))
        db.session.add(PossibleDuplicate(case_id=case.id, other_case_id=other.id, rights=",".join(common)))
    if found:
        # Ids only on the trail: the timeline holds facts of the procedure (Recital 64).
        record_event(case, "possible_duplicate_flagged", actor_id, other_case_ids=[o.id for o in found])
    return found


@dataclass
class DuplicateLink:
    case: Case
    rights: list[str]
    earlier: bool  # True: the other case came first


def links_of(case: Case) -> list[DuplicateLink]:
    """Both directions, for the case page: the cases this one may repeat, and the later ones."""
    rows = db.session.execute(
        select(PossibleDuplicate, Case)
        .join(
            Case,
            or_(
                (PossibleDuplicate.case_id == case.id) & (Case.id == PossibleDuplicate.other_case_id),
                (PossibleDuplicate.other_case_id == case.id) & (Case.id == PossibleDuplicate.case_id),
            ),
        )
        .order_by(Case.received_at)
    ).all()
    return [DuplicateLink(other, flag.rights.split(","), flag.case_id == case.id) for flag, other in rows]


def flagged_ids(case_ids: list[int]) -> set[int]:
    """Which of these cases carry a possible-duplicate flag (the queue's badge, one query a page)."""
    if not case_ids:
        return set()
    found = select(PossibleDuplicate.case_id).where(PossibleDuplicate.case_id.in_(case_ids))
    return set(db.session.scalars(found))
