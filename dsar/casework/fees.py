"""What an approved fee does (rules C2, C3; workflows.fees): the requester receives a fee notice by
mail, with the letter, stating the amount and the reasons before anything is charged, so that they
can withdraw; the right then waits until staff record the payment, the withdrawal or a waiver. The
clock keeps running meanwhile (rules 3.4 allow no pause for a fee). Never commits."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from dsar.cases.decisions import authority_for
from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from dsar.casework.models import Art125Approval
from dsar.core.db import db, utcnow
from dsar.core.mail import queue_mail
from workflows.fees import FeeStatus, check_settlement
from workflows.states import Outcome

# Files other features add to the fee notice, each called with (approval, actor_id) and returning
# (name, download url) pairs: the fee letter (dsar/letters) comes this way.
fee_notice_attachments: list[Callable[[Art125Approval, int], list[tuple[str, str]]]] = []


def euro(cents: int) -> str:
    return f"{cents / 100:.2f}"


def notify_fee(approval: Art125Approval, actor_id: int) -> None:
    """Send the fee notice for a fee a DPO just approved: amount and reasons first (rules C2)."""
    if approval.kind != "fee" or approval.status != "approved" or approval.fee_status:
        return
    sub = db.session.get(SubRequest, approval.sub_request_id)
    case = sub.case
    approval.fee_status, approval.fee_notified_at = FeeStatus.NOTIFIED.value, utcnow()
    amount = euro(approval.fee_cents)
    record_event(case, "fee_notified", actor_id, right=sub.right, approval_id=approval.id, amount=amount)
    downloads = [item for attach in fee_notice_attachments for item in attach(approval, actor_id)]
    authority_name, authority_url = authority_for(case.language)
    queue_mail(
        case.requester_email,
        "fee_notice",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        contact_email=current_app.config["CONTACT_EMAIL"],
        right=sub.right,
        amount=euro(approval.fee_cents),
        reasons=approval.justification,
        downloads=downloads,
        download_days=current_app.config["DOWNLOAD_LINK_DAYS"],
        authority_name=authority_name,
        authority_url=authority_url,
    )


def settle_fee(approval: Art125Approval, actor_id: int, settle_as: str) -> None:
    """Staff record that the fee was paid, that the requester withdrew the request after the
    notice (the right is then decided as withdrawn), or that we act free of charge after all."""
    check_settlement(FeeStatus(approval.fee_status) if approval.fee_status else None, FeeStatus(settle_as))
    sub = db.session.get(SubRequest, approval.sub_request_id)
    approval.fee_status = FeeStatus(settle_as).value
    approval.fee_settled_at, approval.fee_settled_by_id = utcnow(), actor_id
    if settle_as == FeeStatus.WITHDRAWN and sub.outcome is None:
        sub.outcome, sub.decided_at, sub.decided_by_id = Outcome.WITHDRAWN.value, utcnow(), actor_id
    record_event(sub.case, f"fee_{settle_as}", actor_id, right=sub.right, approval_id=approval.id)
