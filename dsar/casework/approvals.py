"""Art. 12(5) with four eyes (rules C2, C3): a refusal as manifestly unfounded or excessive, or a
fee, is proposed with a written justification and approved or rejected by a DPO who is not the
proposer. A refusal on that ground cannot be decided, and no answer goes out, before that."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from dsar.casework.models import Art125Approval
from dsar.core.db import db, utcnow
from workflows.fees import FeeStatus, check_fee_allowed, check_refusal_proposal_allowed
from workflows.states import Right

KINDS = ("refusal", "fee")


class ApprovalError(ValueError):
    pass


def fee_cents(text: str | None) -> int:
    try:
        amount = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ApprovalError("fee") from exc
    if not amount.is_finite() or amount <= 0 or amount > 10000:
        raise ApprovalError("fee")
    return int((amount * 100).to_integral_value())


def propose(sub: SubRequest, actor_id: int, kind: str, justification: str, fee: str | None = None):
    justification = (justification or "").strip()
    if kind not in KINDS:
        raise ApprovalError("kind")
    if not justification:
        raise ApprovalError("justification")  # the controller carries the burden of proof
    if sub.case.role == "processor":
        raise ApprovalError("processor")  # the client controller decides (Art. 28(3)(e))
    if sub.outcome:
        raise ApprovalError("decided")
    # Rules C2, 2.6, 2.7: a consent withdrawal or direct-marketing objection is free and absolute.
    if kind == "fee":
        check_fee_allowed(Right(sub.right), sub.direct_marketing)
    else:
        check_refusal_proposal_allowed(Right(sub.right), sub.direct_marketing)
    if pending_for(sub) is not None:
        raise ApprovalError("pending")
    approval = Art125Approval(
        sub_request_id=sub.id,
        kind=kind,
        justification=justification,
        fee_cents=fee_cents(fee) if kind == "fee" else None,
        status="proposed",
        proposed_by_id=actor_id,
        proposed_at=utcnow(),
    )
    db.session.add(approval)
    db.session.flush()
    record_event(
        sub.case, "art12_5_proposed", actor_id, right=sub.right, approval_id=approval.id, proposal=kind
    )
    return approval


def decide(approval: Art125Approval, actor_id: int, actor_role: str, approve: bool, note: str | None):
    """Only a DPO, and never the proposer (four eyes), approves or rejects."""
    if actor_role != "dpo":
        raise ApprovalError("dpo_only")
    if approval.proposed_by_id == actor_id:
        raise ApprovalError("own_proposal")
    if approval.status != "proposed":
        raise ApprovalError("already_decided")
    note = (note or "").strip() or None
    if not approve and not note:
        raise ApprovalError("note")
    approval.status = "approved" if approve else "rejected"
    approval.decided_by_id, approval.decided_at, approval.decision_note = actor_id, utcnow(), note
    sub = db.session.get(SubRequest, approval.sub_request_id)
    record_event(
        sub.case,
        f"art12_5_{approval.status}",
        actor_id,
        right=sub.right,
        approval_id=approval.id,
        proposal=approval.kind,
    )


def approvals_of(sub: SubRequest) -> list[Art125Approval]:
    query = select(Art125Approval).where(Art125Approval.sub_request_id == sub.id).order_by(Art125Approval.id)
    return list(db.session.scalars(query))


def pending_for(sub: SubRequest) -> Art125Approval | None:
    return next((a for a in approvals_of(sub) if a.status == "proposed"), None)


def approved_refusal(sub: SubRequest) -> Art125Approval | None:
    """The latest approved Art. 12(5) refusal of this right, which a refusal decision relies on."""
    approved = [a for a in approvals_of(sub) if a.kind == "refusal" and a.status == "approved"]
    return approved[-1] if approved else None


def approved_fee(sub: SubRequest) -> Art125Approval | None:
    """The latest approved fee of this right: what the requester was (or is to be) told to pay."""
    approved = [a for a in approvals_of(sub) if a.kind == "fee" and a.status == "approved"]
    return approved[-1] if approved else None


def fee_status(sub: SubRequest) -> FeeStatus | None:
    """Where the right's approved fee stands (workflows.fees), or None without one."""
    fee = approved_fee(sub)
    return FeeStatus(fee.fee_status) if fee and fee.fee_status else None


def unpaid_fee(sub: SubRequest) -> Art125Approval | None:
    """An approved fee that was announced and is neither paid, withdrawn nor waived."""
    fee = approved_fee(sub)
    return fee if fee and fee.fee_status == FeeStatus.NOTIFIED else None
