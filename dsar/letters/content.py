"""What each response letter says: the blocks of every kind of letter, with every mandatory part
(rules.md 2.1, 5.5, C4; Art. 12(3), 12(4), 15), so each can be tested per kind and language.
Pure: no Flask, no database, no PDF (render.py draws the ``Letter``)."""

from __future__ import annotations

from dsar.letters.model import (
    ART_12_4_KINDS,
    Block,
    Letter,
    LetterInput,
    LetterKind,
)
from dsar.letters.texts import COURTS, LANGUAGES, catalogue, long_date, text


def build(data: LetterInput) -> Letter:
    """The letter for ``data.kind`` in ``data.language``, with every part the law asks for it."""
    if data.language not in LANGUAGES:
        raise ValueError(f"no letter texts in {data.language!r}")
    t = _Texts(data.language)
    blocks: list[Block] = [Block("para", t("salutation", name=data.requester_name))]
    blocks += _BODIES[data.kind](data, t)
    blocks += _transmission_blocks(data, t)
    blocks += _remedies(data, t)
    blocks += [Block("para", t("closing")), Block("para", t("signature", organisation=data.organisation))]
    return Letter(
        kind=data.kind,
        language=data.language,
        title=t(f"title_{data.kind.value}"),
        sender=[data.organisation, *data.organisation_address],
        recipient=[data.requester_name, data.requester_email],
        meta=[
            t("meta_reference", reference=data.reference),
            t("meta_date", date=long_date(data.letter_date, data.language)),
            t("meta_received", date=long_date(data.receipt_date, data.language)),
        ],
        blocks=blocks,
        footer=t("footer", organisation=data.organisation, reference=data.reference),
    )


class _Texts:
    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values) -> str:
        sentence = text(self.language, key)
        return sentence % values if values else sentence


def _outcome_blocks(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("heading", t("outcomes_heading"))]
    for item in data.outcomes:
        blocks.append(Block("bullet", t("outcome_line", right=item.right_label, outcome=item.outcome_label)))
        if item.ground_label:
            blocks.append(Block("field", item.ground_label, label=t("legal_ground")))
        if item.reasons:
            blocks.append(Block("field", item.reasons, label=t("reasons")))
    return blocks


def _access_body(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("para", t("intro", date=long_date(data.receipt_date, data.language)))]
    blocks.append(Block("para", t("access_confirmation")))
    blocks += _outcome_blocks(data, t)
    return blocks + _copy_blocks(data, t) + _article_15_blocks(data, t) + _rights_blocks(t)


def _copy_blocks(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("heading", t("copy_heading"))]
    if not data.package:
        return [*blocks, Block("para", t("copy_none"))]
    blocks.append(Block("para", t("copy_lead")))
    for item in data.package:
        blocks.append(Block("bullet", t("copy_file", name=item.name, size=_size(item.size), sha=item.sha256)))
    return blocks


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.0f} KiB"


ENTRY_FIELDS = (
    ("legal_basis", "entry_legal_basis"),
    ("categories", "entry_categories"),
    ("recipients", "entry_recipients"),
    ("retention", "entry_retention"),
    ("source", "entry_source"),
    ("automated_decisions", "entry_automated"),
    ("transfers", "entry_transfers"),
)


def _article_15_blocks(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("heading", t("art15_heading"))]
    if not data.processing:
        return [*blocks, Block("para", t("art15_no_record"))]
    for entry in data.processing:
        blocks.append(Block("field", entry.purpose, label=t("entry_purpose")))
        for attribute, label in ENTRY_FIELDS:
            value = getattr(entry, attribute)
            value = ", ".join(value) if isinstance(value, list) else value
            blocks.append(Block("field", value or t(f"{label}_none"), label=t(label)))
    return blocks


def _rights_blocks(t: _Texts) -> list[Block]:
    return [Block("heading", t("rights_heading")), Block("para", t("rights_text"))]


def _decision_body(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("para", t("intro", date=long_date(data.receipt_date, data.language)))]
    blocks += _outcome_blocks(data, t)
    if any(o.right == "access" and o.outcome in ("granted", "partly_granted") for o in data.outcomes):
        blocks += [Block("para", t("access_confirmation"))]
        blocks += _copy_blocks(data, t) + _article_15_blocks(data, t)
    return blocks + _rights_blocks(t)


def _refusal_body(data: LetterInput, t: _Texts) -> list[Block]:
    blocks = [Block("para", t("intro", date=long_date(data.receipt_date, data.language)))]
    blocks.append(Block("para", t(f"{data.kind.value}_lead")))
    blocks += _outcome_blocks(data, t)
    if data.kind is LetterKind.PARTIAL_REFUSAL and any(
        o.right == "access" and o.outcome in ("granted", "partly_granted") for o in data.outcomes
    ):
        blocks += [Block("para", t("access_confirmation"))]
        blocks += _copy_blocks(data, t) + _article_15_blocks(data, t)
    return blocks


# The article each right is answered under when we hold no data (Art. 15(1) for access, 17 for
# erasure, ...): the letter cites the ones the request invoked.
NO_DATA_RIGHTS = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "portability",
    "objection",
    "consent_withdrawal",
)


def no_data_articles(data: LetterInput, t: _Texts) -> str:
    rights = {o.right for o in data.outcomes if o.outcome == "no_data_held"} or {"access"}
    return ", ".join(t(f"no_data_article_{right}") for right in NO_DATA_RIGHTS if right in rights)


def _no_data_body(data: LetterInput, t: _Texts) -> list[Block]:
    return [
        Block("para", t("intro", date=long_date(data.receipt_date, data.language))),
        Block("para", t("no_data_text", articles=no_data_articles(data, t))),
        *_outcome_blocks(data, t),
    ]


def _extension_body(data: LetterInput, t: _Texts) -> list[Block]:
    if data.new_due is None:
        raise ValueError("an extension letter states the new date (Art. 12(3))")
    blocks = [
        Block("para", t("extension_text", date=long_date(data.receipt_date, data.language))),
        Block("field", data.extension_reason, label=t("extension_reason")),
    ]
    if data.extension_note:
        blocks.append(Block("field", data.extension_note, label=t("extension_explanation")))
    blocks.append(Block("para", t("extension_new_date", due=long_date(data.new_due, data.language))))
    return blocks


def _identity_body(data: LetterInput, t: _Texts) -> list[Block]:
    return [
        Block("para", t("intro", date=long_date(data.receipt_date, data.language))),
        Block("para", t("identity_text")),
        *_outcome_blocks(data, t),
        Block("heading", t("identity_how_heading")),
        Block("para", t("identity_how")),
        Block("para", t("identity_resubmit")),
    ]


def _fee_body(data: LetterInput, t: _Texts) -> list[Block]:
    if not data.fee_amount:
        raise ValueError("a fee notice states the amount (rules C2)")
    return [
        Block("para", t("fee_text", date=long_date(data.receipt_date, data.language))),
        Block("field", data.fee_right, label=t("fee_right")),
        Block("field", t("fee_amount", amount=data.fee_amount), label=t("fee_amount_label")),
        Block("field", data.fee_reasons, label=t("reasons")),
        Block("para", t("fee_choice")),
        Block("para", t("fee_unpaid")),
    ]


_BODIES = {
    LetterKind.ACCESS: _access_body,
    LetterKind.PARTIAL_REFUSAL: _refusal_body,
    LetterKind.REFUSAL: _refusal_body,
    LetterKind.NO_DATA: _no_data_body,
    LetterKind.EXTENSION: _extension_body,
    LetterKind.IDENTITY_NOT_CONFIRMED: _identity_body,
    LetterKind.DECISION: _decision_body,
    LetterKind.FEE_NOTICE: _fee_body,
}


def _transmission_blocks(data: LetterInput, t: _Texts) -> list[Block]:
    if not data.transmission_refused:
        return []
    blocks = [Block("heading", t("transmission_heading"))]
    for recipient, reason in data.transmission_refused:
        blocks.append(Block("para", t("transmission_refused", recipient=recipient)))
        blocks.append(Block("field", reason, label=t("reasons")))
    return blocks


def _remedies(data: LetterInput, t: _Texts) -> list[Block]:
    """Art. 12(4), 15(1)(f), 77 and 79: every letter names the authority and the court."""
    context, english = COURTS.get(data.country, COURTS["BE"])
    court = catalogue(data.language).pgettext(context, english)
    blocks = [Block("heading", t("remedies_heading"))]
    if data.kind in ART_12_4_KINDS:
        blocks.append(Block("para", t("art12_4_lead")))
    blocks.append(Block("para", t("complaint", authority=data.authority_name, url=data.authority_url)))
    blocks.append(Block("para", t("judicial_remedy", court=court)))
    return blocks
