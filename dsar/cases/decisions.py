"""Deciding each right and answering the requester (rules.md 2.x, C4). Never commits."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from dsar.cases import hooks, restriction
from dsar.cases.files import CaseFile
from dsar.cases.models import Case, SubRequest
from dsar.cases.service import identity_confirmed, record_event, require_move, target_state
from dsar.core.db import db, utcnow
from dsar.core.links import LinkPurpose, signed_url
from dsar.core.mail import queue_mail
from dsar.core.time import brussels_today
from workflows.checklists import check_systems
from workflows.errors import DecisionError
from workflows.fees import check_decision_with_fee
from workflows.rights import (
    check_access_information,
    check_decision,
    check_late_refusal,
    check_unverified_decision,
)
from workflows.states import CaseState, Move, Outcome
from workflows.sweep import CLOSURE_PROPOSAL_DAYS

# Outcomes that are a decision not to act, fully or partly: Art. 12(4) information is mandatory.
NOT_ACTING = {Outcome.REFUSED, Outcome.PARTLY_GRANTED, Outcome.IDENTITY_NOT_CONFIRMED}

# Decisions not to act that Art. 12(4) wants explained within one month of receipt.
LATE_REFUSAL_OUTCOMES = {Outcome.REFUSED, Outcome.PARTLY_GRANTED}

# Art. 12(4) / Art. 77: the supervisory authority of the organisation's country (rules C4).
SUPERVISORY_AUTHORITIES = {
    "BE": {
        "nl": ("Gegevensbeschermingsautoriteit", "https://www.gegevensbeschermingsautoriteit.be"),
        "fr": ("Autorité de protection des données", "https://www.autoriteprotectiondonnees.be"),
        "en": ("Belgian Data Protection Authority", "https://www.dataprotectionauthority.be"),
    },
    "NL": {
        "nl": ("Autoriteit Persoonsgegevens", "https://www.autoriteitpersoonsgegevens.nl"),
        "fr": ("Autoriteit Persoonsgegevens", "https://www.autoriteitpersoonsgegevens.nl"),
        "en": (
            "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)",
            "https://www.autoriteitpersoonsgegevens.nl",
        ),
    },
}


@dataclass
class Decision:
    outcome: str
    legal_ground: str | None = None
    reasons: str | None = None
    recipients_notified: list[str] = field(default_factory=list)
    art19_justification: str | None = None
    balancing_note: str | None = None
    justification: str | None = None
    direct_marketing: bool = False
    late_refusal_confirmed: bool = False


def decide(sub: SubRequest, decision: Decision, actor_id: int, actor_role: str) -> None:
    """Record a lawful decision on one right, or raise DecisionError / IllegalMove saying why not.

    Art. 19 recipients and the per-system ticks come from the case-work checklists, and an
    Art. 12(5) refusal from a DPO-approved proposal (dsar/casework), never from free text typed
    with the decision."""
    require_move(sub.case, Move.DECIDE, actor_role)
    # Whether the request concerns direct marketing is what the case records, not what a form says.
    decision.direct_marketing = sub.direct_marketing
    if not verified(sub.case):
        check_unverified_decision(sub.right, decision.outcome, decision.direct_marketing)
    if decision.outcome in LATE_REFUSAL_OUTCOMES:
        check_late_refusal(
            sub.case.extended_at is not None,
            brussels_today(),
            sub.case.one_month_due,
            decision.late_refusal_confirmed,
        )
    if decision.outcome in NOT_ACTING and not (decision.reasons or "").strip():
        raise DecisionError("not_acting_needs_reasons")  # Art. 12(4)
    inputs = hooks.decision_inputs(sub)  # the case-work checklists and approvals
    decision.recipients_notified = inputs.recipients_notified
    decision.art19_justification = inputs.art19_justification
    # An announced fee holds the action it pays for (rules C2; workflows.fees).
    check_decision_with_fee(Outcome(decision.outcome), inputs.fee_status)
    # Art. 12(5) lets the controller charge or refuse: an approved refusal, or an approved fee left
    # unpaid, is the DPO-approved ground for refusing (rules.md is silent on an unpaid fee).
    approval = inputs.art12_5_approval if decision.legal_ground == "art_12_5" else None
    decision.justification = approval.justification if approval else None
    if decision.legal_ground == "art_12_5" and decision.outcome in NOT_ACTING and approval is None:
        raise DecisionError("art12_5_needs_proposal")  # rules C3
    check_decision(
        sub.right,
        decision.outcome,
        legal_ground=decision.legal_ground or None,
        # The answer mail always carries the Art. 12(4) information for these outcomes.
        art12_4_info=True,
        dpo_approved=approval is not None,  # Art. 12(5): approved by a DPO other than the proposer
        recipients_notified=decision.recipients_notified,
        art19_justification=decision.art19_justification,
        balancing_note=decision.balancing_note,
        direct_marketing=decision.direct_marketing,
        justification=decision.justification,
    )
    check_systems(sub.right, decision.outcome, inputs.unticked_systems)
    restriction.restrict_on_decision(sub, decision.outcome, actor_id)  # Art. 18: on its 18(1) ground
    sub.outcome, sub.legal_ground, sub.reasons = (
        decision.outcome,
        decision.legal_ground or None,
        decision.reasons,
    )
    sub.record = {
        key: value
        for key, value in {
            "recipients_notified": decision.recipients_notified,
            "art19_justification": decision.art19_justification,
            "balancing_note": decision.balancing_note,
            "justification_12_5": decision.justification,
            "dpo_approved_by": approval.decided_by_id if approval else None,
        }.items()
        if value
    }
    sub.decided_at, sub.decided_by_id = utcnow(), actor_id
    for step in hooks.after_decision:
        step(sub, actor_id)
    record_event(
        sub.case,
        "decided",
        actor_id,
        right=sub.right,
        outcome=decision.outcome,
        legal_ground=decision.legal_ground or None,
    )


def verified(case: Case) -> bool:
    """The requester's identity is settled: the case left verification and no doubt is open."""
    return case.state != CaseState.AWAITING_VERIFICATION and identity_confirmed(case)


def authority_for(language: str) -> tuple[str, str]:
    country = current_app.config["ORGANISATION_COUNTRY"]
    names = SUPERVISORY_AUTHORITIES.get(country, SUPERVISORY_AUTHORITIES["BE"])
    return names.get(language, names["en"])


def answer(case: Case, actor_id: int, actor_role: str) -> None:
    """Send the answer (rules C4, C5: electronically, in the requester's language) and record it."""
    require_move(case, Move.ANSWER, actor_role)
    if any(record.held for record in answer_packages(case)):
        # security.md U-12: a file the malware scanner has not passed is never sent out.
        raise DecisionError("answer_package_held")
    check_access_information(
        [(sub.right, sub.outcome) for sub in case.sub_requests],
        has_information=any(source(case) for source in hooks.art15_information),
    )
    not_acting = any(sub.outcome in NOT_ACTING for sub in case.sub_requests)
    no_data = holds_no_data(case)
    for prepare in hooks.before_answer:
        prepare(case, actor_id)
    name, url = authority_for(case.language)
    queue_mail(
        case.requester_email,
        "answer",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        not_acting=not_acting,
        no_data=no_data,
        authority_name=name,
        authority_url=url,
        status_link=signed_url("intake.status", LinkPurpose.STATUS, case.public_id),
        downloads=[
            (
                record.display_name,
                signed_url("public_files.requester_download", LinkPurpose.DOWNLOAD, record.public_id),
            )
            for record in answer_packages(case)
        ],
        download_days=current_app.config["DOWNLOAD_LINK_DAYS"],
    )
    case.state, case.answered_at = target_state(case, Move.ANSWER), utcnow()
    record_event(case, "answered", actor_id, art12_4=not_acting)


def holds_no_data(case: Case) -> bool:
    """Art. 15(1) rules 2.1: "we hold nothing about you" is the answer on every decided right (a
    withdrawn or duplicate right says nothing either way). The mail then says so, not "download"."""
    codes = [s.outcome for s in case.sub_requests if s.outcome not in (Outcome.WITHDRAWN, Outcome.DUPLICATE)]
    return bool(codes) and all(code == Outcome.NO_DATA_HELD for code in codes)


def download_url(record: CaseFile) -> str:
    return signed_url("public_files.requester_download", LinkPurpose.DOWNLOAD, record.public_id)


def answer_packages(case: Case) -> list[CaseFile]:
    return list(
        db.session.scalars(
            select(CaseFile).where(
                CaseFile.case_id == case.id, CaseFile.kind == "answer_package", CaseFile.deleted_at.is_(None)
            )
        )
    )


def close(case: Case, actor_id: int, actor_role: str) -> None:
    """Close an answered case, or one whose question stayed unanswered for 30 days (rules 3.4), the
    latter with its closing letter: silence is never an outcome (C4, Art. 12(4))."""
    require_move(case, Move.CLOSE, actor_role)
    closing_letter = case.state == CaseState.AWAITING_INFORMATION
    if closing_letter:
        queue_closing_letter(case)
    case.state, case.closed_at = target_state(case, Move.CLOSE), utcnow()
    record_event(case, "closed", actor_id, closing_letter=closing_letter or None)


def queue_closing_letter(case: Case) -> None:
    """Rules 3.4: no answer within 30 days; the letter gives the reasons, says the person may ask
    again, and carries the complaint and judicial-remedy information (Art. 12(4))."""
    pause = next(p for p in case.pauses if p.received_on is None)
    name, url = authority_for(case.language)
    queue_mail(
        case.requester_email,
        "closed_no_answer",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        asked_on=pause.requested_on,
        days=CLOSURE_PROPOSAL_DAYS,
        identity=pause.reason == "identity",
        authority_name=name,
        authority_url=url,
    )
