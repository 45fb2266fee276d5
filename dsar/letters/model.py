"""What a response letter is made of, as plain data: its kind, what the portal hands in
(``LetterInput``) and what comes out (``Letter``, a list of blocks). Pure: no Flask, no database,
no PDF. Labels that already exist in the catalogue (rights, outcomes, legal grounds, extension
reasons) arrive translated in ``LetterInput``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class LetterKind(StrEnum):
    ACCESS = "access"  # Art. 15: confirmation, copy, the 15(1)(a)-(h) and 15(2) information
    PARTIAL_REFUSAL = "partial_refusal"  # Art. 12(4) for the part we do not act on
    REFUSAL = "refusal"  # Art. 12(4)
    NO_DATA = "no_data"  # Art. 15(1): "we process nothing about you" is an answer, not a refusal
    EXTENSION = "extension"  # Art. 12(3): reasons and the new date
    IDENTITY_NOT_CONFIRMED = "identity_not_confirmed"  # Art. 12(2), 12(4), 12(6); rules 5.5
    DECISION = "decision"  # rectification, erasure, restriction, objection, consent withdrawal done
    FEE_NOTICE = "fee_notice"  # Art. 12(5), 15(3); rules C2: amount and reasons before charging


# Kinds that are a decision not to act, fully or partly: Art. 12(4) information is mandatory.
ART_12_4_KINDS = {LetterKind.PARTIAL_REFUSAL, LetterKind.REFUSAL, LetterKind.IDENTITY_NOT_CONFIRMED}


@dataclass(frozen=True)
class ProcessingEntry:
    """One activity from the record of processing (Art. 30), as the Art. 15(1) information needs it.
    Values are already in the letter's language."""

    purpose: str
    legal_basis: str = ""
    categories: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # by name (CJEU C-154/21)
    retention: str = ""
    source: str = ""
    automated_decisions: str = ""
    transfers: str = ""  # Art. 15(2): third countries and the safeguards


@dataclass(frozen=True)
class RightOutcome:
    right: str  # the code, e.g. "access"
    right_label: str
    outcome: str  # the code, e.g. "partly_granted"
    outcome_label: str
    ground_label: str = ""
    reasons: str = ""


@dataclass(frozen=True)
class PackageFile:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class LetterInput:
    kind: LetterKind
    language: str
    organisation: str
    organisation_address: list[str]
    country: str  # of the organisation: decides the court named for the judicial remedy
    authority_name: str
    authority_url: str
    reference: str
    requester_name: str
    requester_email: str
    receipt_date: date
    letter_date: date
    outcomes: list[RightOutcome] = field(default_factory=list)
    processing: list[ProcessingEntry] = field(default_factory=list)
    package: list[PackageFile] = field(default_factory=list)
    new_due: date | None = None
    extension_reason: str = ""
    extension_note: str = ""
    # Art. 20(2) / rules 7.3: a direct transmission we could not make, and why: (recipient, reason).
    transmission_refused: list[tuple[str, str]] = field(default_factory=list)
    # Rules C2: the fee notice names the right, the amount and the reasons.
    fee_right: str = ""
    fee_amount: str = ""
    fee_reasons: str = ""


@dataclass(frozen=True)
class Block:
    style: str  # heading, para, bullet, field, small
    text: str
    label: str = ""  # for "field" blocks: the label printed in bold before the text


@dataclass
class Letter:
    kind: LetterKind
    language: str
    title: str
    sender: list[str]
    recipient: list[str]
    meta: list[str]
    blocks: list[Block]
    footer: str


def kind_for(outcomes: list[RightOutcome]) -> LetterKind:
    """The letter a set of decided rights calls for (the most protective one wins)."""
    codes = [o.outcome for o in outcomes if o.outcome not in ("withdrawn", "duplicate")]
    if not codes:
        return LetterKind.DECISION
    if "identity_not_confirmed" in codes:
        return LetterKind.IDENTITY_NOT_CONFIRMED
    if all(code == "refused" for code in codes):
        return LetterKind.REFUSAL
    if any(code in ("refused", "partly_granted") for code in codes):
        return LetterKind.PARTIAL_REFUSAL
    if all(code == "no_data_held" for code in codes):
        return LetterKind.NO_DATA
    if any(o.right == "access" and o.outcome == "granted" for o in outcomes):
        return LetterKind.ACCESS
    return LetterKind.DECISION
