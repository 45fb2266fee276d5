"""What the case file shows about identity verification (prepared values for the template)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from dsar.accounts import service as accounts
from dsar.cases.models import Case
from dsar.core.access import can
from dsar.core.db import db
from dsar.identity import ladder, service
from dsar.identity.forms import DOCUMENT_TYPE_LABELS, KnowledgeCheckForm, RequestIdCopyForm
from dsar.identity.models import CopyStatus, IdCheck, IdCopy, IdCopyRequest
from workflows.states import CaseRole, CaseState

DELETED_REASONS = {
    "unredacted": _l("something was still visible"),
    "decision": _l("at the decision"),
    "retention": _l("retention limit reached"),
    "redo": _l("the requester started again"),
    "replaced": _l("replaced by a new upload"),
    "abandoned": _l("the proposal was not accepted in time"),
    "failed": _l("could not be inspected"),
    "case_closed": _l("the case was closed"),
}


@dataclass
class CopyRow:
    copy: IdCopy
    verify_url: str | None  # only for a stored copy, only for roles that may see it
    deleted_label: str = ""


@dataclass
class CheckRow:
    check: IdCheck
    document_label: str
    checked_by: str


@dataclass
class IdentityPanel:
    level: int
    requests: list[IdCopyRequest]
    copies: list[CopyRow]
    checks: list[CheckRow]
    art_12_4_due: bool
    may_see_copies: bool
    request_form: RequestIdCopyForm | None
    knowledge_form: KnowledgeCheckForm | None


def _name(user_id: int | None) -> str:
    user = accounts.staff_member(user_id)
    return user.name if user else "—"


def panel_for(case: Case) -> IdentityPanel:
    from flask import url_for

    requests = db.session.scalars(
        select(IdCopyRequest).where(IdCopyRequest.case_id == case.id).order_by(IdCopyRequest.id)
    ).all()
    copies = db.session.scalars(select(IdCopy).where(IdCopy.case_id == case.id).order_by(IdCopy.id)).all()
    checks = db.session.scalars(select(IdCheck).where(IdCheck.case_id == case.id).order_by(IdCheck.id)).all()
    may_see = service.may_see_copies(current_user)
    rows = []
    for copy in copies:
        url = None
        if may_see and copy.status == CopyStatus.STORED:
            url = url_for("identity_staff.verify", reference=case.reference, public_id=copy.public_id)
        reason = DELETED_REASONS.get(copy.deleted_reason or "", copy.deleted_reason or "")
        rows.append(CopyRow(copy, url, str(reason)))
    works_cases = can(current_user, "cases.work")
    open_case = case.state != CaseState.CLOSED and case.closed_at is None
    can_ask = (
        works_cases
        and open_case
        and case.role == CaseRole.CONTROLLER
        and ladder.id_copy_possible(case.sub_requests)
        and not any(r.closed_at is None for r in requests)
    )
    return IdentityPanel(
        level=case.verification_level,
        requests=list(requests),
        copies=rows,
        checks=[
            CheckRow(
                c, str(DOCUMENT_TYPE_LABELS.get(c.document_type, c.document_type)), _name(c.checked_by_id)
            )
            for c in checks
        ],
        art_12_4_due=bool(checks) and not checks[-1].passed,
        may_see_copies=may_see,
        request_form=RequestIdCopyForm() if can_ask else None,
        knowledge_form=KnowledgeCheckForm() if works_cases and open_case else None,
    )
