"""From a case to its letters: which letters the case calls for now, their data in the requester's
language, the PDF, and the letter stored with the answer. Never commits."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from flask import current_app
from flask_babel import force_locale

from dsar.cases import decisions
from dsar.cases.files import CaseFile, store
from dsar.cases.forms import RIGHT_LABELS, ground_label, outcome_label, reason_label
from dsar.cases.models import Case, SubRequest
from dsar.cases.service import record_event
from dsar.core.db import db
from dsar.core.time import brussels_today
from dsar.letters import content, transmission
from dsar.letters.model import LetterInput, LetterKind, PackageFile, RightOutcome, kind_for
from dsar.letters.processing import processing_entries
from dsar.letters.render import render_pdf


def answer_kind(case: Case) -> LetterKind | None:
    """The letter for the case's current decisions; None while a right is undecided."""
    if not case.sub_requests or not all(sub.outcome for sub in case.sub_requests):
        return None
    return kind_for([RightOutcome(s.right, "", s.outcome, "") for s in case.sub_requests])


def available_kinds(case: Case) -> list[LetterKind]:
    kinds = [LetterKind.EXTENSION] if case.extended_at else []
    kind = answer_kind(case)
    return kinds + ([kind] if kind else [])


def organisation_address() -> list[str]:
    raw = current_app.config["ORGANISATION_ADDRESS"] or ""
    return [line.strip() for line in re.split(r";|\n", raw) if line.strip()]


def letter_input(case: Case, kind: LetterKind, today: date | None = None) -> LetterInput:
    """Everything the letter says, taken from the case and translated into its language."""
    authority_name, authority_url = decisions.authority_for(case.language)
    with force_locale(case.language):
        outcomes = [
            RightOutcome(
                right=sub.right,
                right_label=str(RIGHT_LABELS.get(sub.right, sub.right)),
                outcome=sub.outcome or "",
                outcome_label=outcome_label(sub.outcome) if sub.outcome else "",
                ground_label=ground_label(sub.legal_ground) if sub.legal_ground else "",
                reasons=sub.reasons or "",
            )
            for sub in case.sub_requests
        ]
        extension_reason = reason_label(case.extension_reason) if case.extension_reason else ""
    return LetterInput(
        kind=kind,
        language=case.language,
        organisation=current_app.config["ORGANISATION_NAME"],
        organisation_address=organisation_address(),
        country=current_app.config["ORGANISATION_COUNTRY"],
        authority_name=authority_name,
        authority_url=authority_url,
        reference=case.reference,
        requester_name=case.requester_name,
        requester_email=case.requester_email,
        receipt_date=case.receipt_date,
        letter_date=today or brussels_today(),
        outcomes=outcomes,
        processing=processing_entries(case),
        package=[
            PackageFile(record.display_name, record.size, record.sha256)
            for record in decisions.answer_packages(case)
            if not is_letter(record)
        ],
        new_due=case.due_date if case.extended_at else None,
        extension_reason=extension_reason,
        extension_note=case.extension_note or "",
        transmission_refused=[
            (t.recipient_name, t.refusal_reason or "")
            for t in transmission.transmissions_of(case)
            if t.status == "refused"
        ],
    )


LETTER_PREFIX = "letter-"


def letter_filename(case: Case, kind: LetterKind) -> str:
    return f"{LETTER_PREFIX}{case.reference}-{kind.value.replace('_', '-')}.pdf"


def generate(case: Case, kind: LetterKind) -> bytes:
    return render_pdf(content.build(letter_input(case, kind)))


def attach_answer_letter(case: Case, actor_id: int) -> CaseFile | None:
    """Store the answer letter with the answer, so the requester downloads it with the package and
    the case keeps its hash as proof of what was sent (rules 6.3 item 10)."""
    kind = answer_kind(case)
    return _store_letter(case, kind, actor_id) if kind else None


def attach_extension_letter(case: Case, actor_id: int) -> list[tuple[str, str]]:
    """The Art. 12(3) letter with the extension notice: (name, signed download link)."""
    record = _store_letter(case, LetterKind.EXTENSION, actor_id)
    return [(record.display_name, decisions.download_url(record))]


def attach_fee_letter(approval, actor_id: int) -> list[tuple[str, str]]:
    """The fee notice as a letter (rules C2): right, amount and reasons, before anything is charged."""
    sub = db.session.get(SubRequest, approval.sub_request_id)
    case = sub.case
    with force_locale(case.language):
        right = str(RIGHT_LABELS.get(sub.right, sub.right))
    data = replace(
        letter_input(case, LetterKind.FEE_NOTICE),
        fee_right=right,
        fee_amount=f"{approval.fee_cents / 100:.2f}",
        fee_reasons=approval.justification,
    )
    record = store(
        case.id,
        "answer_package",
        render_pdf(content.build(data)),
        letter_filename(case, LetterKind.FEE_NOTICE),
        keep_days=current_app.config["DOWNLOAD_LINK_DAYS"],
    )
    record_event(
        case, "letter_attached", actor_id, letter="fee_notice", file=record.public_id, sha256=record.sha256
    )
    return [(record.display_name, decisions.download_url(record))]


def is_letter(record: CaseFile) -> bool:
    return record.content_type == "application/pdf" and record.display_name.startswith(LETTER_PREFIX)


def _store_letter(case: Case, kind: LetterKind, actor_id: int) -> CaseFile:
    record = store(
        case.id,
        "answer_package",
        generate(case, kind),
        letter_filename(case, kind),
        keep_days=current_app.config["DOWNLOAD_LINK_DAYS"],
    )
    record_event(
        case, "letter_attached", actor_id, letter=kind.value, file=record.public_id, sha256=record.sha256
    )
    return record
