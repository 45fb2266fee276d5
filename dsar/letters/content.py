"""What each response letter says, as plain data: pure (no Flask, no database, no PDF), so every
mandatory part can be tested per kind and language (rules.md 2.1, 5.5, C4; Art. 12(3), 12(4), 15).

The letter's own sentences are written here in English and translated in the portal's gettext
catalogues (dsar/translations), each with the context "letter.<key>" so translators see where it goes
and one English word can take different forms (French "aucun"/"aucune"). They are read with Babel
alone, so this module stays free of Flask. Labels that already exist in the catalogue (rights,
outcomes, legal grounds, extension reasons) arrive translated in ``LetterInput``. Texts are plain
strings: escaping for the PDF is render.py's job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

LANGUAGES = ("nl", "fr", "en")
CATALOGUES = Path(__file__).resolve().parents[1] / "translations"


def pgettext(context: str, text: str) -> tuple[str, str]:
    """Marks a letter text and its context for the catalogues (pybabel extracts calls by this name);
    the translation is looked up when a letter is built."""
    return context, text


@cache
def catalogue(language: str) -> NullTranslations:
    if language == "en":
        return NullTranslations()
    return Translations.load(str(CATALOGUES), [language])


def text(language: str, key: str) -> str:
    """One letter text in ``language``; the English text when the catalogue lacks it."""
    context, english = TEXTS[key]
    return catalogue(language).pgettext(context, english)


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


def long_date(value: date, language: str) -> str:
    """Day, month in letters, year in every language: the "long" format of the English locale is
    the US one (November 30, 2026), which no reader in Belgium expects."""
    return format_date(value, format="d MMMM y", locale=language)


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


# Art. 79 GDPR: the court the person can turn to (LEGAL REVIEW: BE Law of 30 July 2018 art. 209;
# NL UAVG art. 35).
COURTS = {
    "BE": pgettext("letter.court_BE", "the Belgian courts (the court of first instance)"),
    "NL": pgettext("letter.court_NL", "the Dutch courts (the district court, rechtbank)"),
}

TEXTS: dict[str, tuple[str, str]] = {
    "title_access": pgettext(
        "letter.title_access",
        "Answer to your request for access to your personal data",
    ),
    "title_partial_refusal": pgettext(
        "letter.title_partial_refusal",
        "Answer to your request: partly granted",
    ),
    "title_refusal": pgettext(
        "letter.title_refusal",
        "Answer to your request: refusal",
    ),
    "title_no_data": pgettext(
        "letter.title_no_data",
        "Answer to your request: we hold no personal data about you",
    ),
    "title_extension": pgettext(
        "letter.title_extension",
        "Extension of the period to answer your request",
    ),
    "title_identity_not_confirmed": pgettext(
        "letter.title_identity_not_confirmed",
        "Your request: we could not confirm your identity",
    ),
    "title_decision": pgettext(
        "letter.title_decision",
        "Answer to your request",
    ),
    "title_fee_notice": pgettext(
        "letter.title_fee_notice",
        "A fee for your request",
    ),
    "fee_text": pgettext(
        "letter.fee_text",
        "Handling a request is free of charge. For your request of %(date)s we intend to charge a "
        "reasonable fee, which the GDPR allows only for further copies of your data (Art. 15(3) "
        "GDPR) or for a manifestly unfounded or excessive request (Art. 12(5) GDPR).",
    ),
    "fee_right": pgettext(
        "letter.fee_right",
        "Right concerned:",
    ),
    "fee_amount_label": pgettext(
        "letter.fee_amount_label",
        "Amount:",
    ),
    "fee_amount": pgettext(
        "letter.fee_amount",
        "EUR %(amount)s",
    ),
    "fee_choice": pgettext(
        "letter.fee_choice",
        "We tell you this before charging anything, so that you can decide: you can pay the fee, "
        "or withdraw this part of your request by replying to our e-mail.",
    ),
    "fee_unpaid": pgettext(
        "letter.fee_unpaid",
        "Until the fee is paid we do not act on this part of your request. If it stays unpaid, we "
        "may refuse this part as manifestly unfounded or excessive (Art. 12(5) GDPR); you will then "
        "receive our reasons.",
    ),
    "meta_reference": pgettext(
        "letter.meta_reference",
        "Our reference: %(reference)s",
    ),
    "meta_date": pgettext(
        "letter.meta_date",
        "Date: %(date)s",
    ),
    "meta_received": pgettext(
        "letter.meta_received",
        "Your request received on: %(date)s",
    ),
    "salutation": pgettext(
        "letter.salutation",
        "Dear %(name)s,",
    ),
    "intro": pgettext(
        "letter.intro",
        "This letter is our answer to the request you made on %(date)s under the General Data "
        "Protection Regulation (GDPR).",
    ),
    "outcomes_heading": pgettext(
        "letter.outcomes_heading",
        "Our decision for each right you exercised",
    ),
    "outcome_line": pgettext(
        "letter.outcome_line",
        "%(right)s: %(outcome)s",
    ),
    "legal_ground": pgettext(
        "letter.legal_ground",
        "Legal ground:",
    ),
    "reasons": pgettext(
        "letter.reasons",
        "Reasons:",
    ),
    "access_confirmation": pgettext(
        "letter.access_confirmation",
        "We confirm that we process personal data about you (Art. 15(1) GDPR).",
    ),
    "copy_heading": pgettext(
        "letter.copy_heading",
        "Your copy of the data (Art. 15(3) GDPR)",
    ),
    "copy_lead": pgettext(
        "letter.copy_lead",
        "Your copy is in the following files, which you can download through the secure link in our"
        " e-mail. The SHA-256 fingerprint lets you check that a file is the one we sent:",
    ),
    "copy_file": pgettext(
        "letter.copy_file",
        "%(name)s (%(size)s, SHA-256 %(sha)s)",
    ),
    "copy_none": pgettext(
        "letter.copy_none",
        "No file accompanies this answer.",
    ),
    "art15_heading": pgettext(
        "letter.art15_heading",
        "Information about the processing (Art. 15(1)(a)-(h) and 15(2) GDPR)",
    ),
    "art15_no_record": pgettext(
        "letter.art15_no_record",
        "The description of our processing (purposes, categories of data, recipients, retention "
        "periods, source of the data, automated decision-making and transfers outside the European "
        "Economic Area) is not included in this letter. Ask us and we will send it to you free of "
        "charge.",
    ),
    "entry_purpose": pgettext(
        "letter.entry_purpose",
        "Purpose:",
    ),
    "entry_legal_basis": pgettext(
        "letter.entry_legal_basis",
        "Legal basis:",
    ),
    "entry_legal_basis_none": pgettext(
        "letter.entry_legal_basis_none",
        "not stated",
    ),
    "entry_categories": pgettext(
        "letter.entry_categories",
        "Categories of personal data:",
    ),
    "entry_categories_none": pgettext(
        "letter.entry_categories_none",
        "not stated",
    ),
    "entry_recipients": pgettext(
        "letter.entry_recipients",
        "Recipients:",
    ),
    "entry_recipients_none": pgettext(
        "letter.entry_recipients_none",
        "none",
    ),
    "entry_retention": pgettext(
        "letter.entry_retention",
        "Retention period:",
    ),
    "entry_retention_none": pgettext(
        "letter.entry_retention_none",
        "not stated",
    ),
    "entry_source": pgettext(
        "letter.entry_source",
        "Source:",
    ),
    "entry_source_none": pgettext(
        "letter.entry_source_none",
        "collected from you",
    ),
    "entry_automated": pgettext(
        "letter.entry_automated",
        "Automated decision-making, including profiling:",
    ),
    "entry_automated_none": pgettext(
        "letter.entry_automated_none",
        "none",
    ),
    "entry_transfers": pgettext(
        "letter.entry_transfers",
        "Transfers outside the European Economic Area and safeguards:",
    ),
    "entry_transfers_none": pgettext(
        "letter.entry_transfers_none",
        "none",
    ),
    "rights_heading": pgettext(
        "letter.rights_heading",
        "Your other rights",
    ),
    "rights_text": pgettext(
        "letter.rights_text",
        "You may ask us to rectify inaccurate data (Art. 16), to erase your data (Art. 17), to "
        "restrict their processing (Art. 18), to receive the data you provided to us in a "
        "machine-readable format or have them sent to another organisation (Art. 20), and you may "
        "object to their processing (Art. 21). Where we process data on the basis of your consent, "
        "you may withdraw it at any time (Art. 7(3)).",
    ),
    "partial_refusal_lead": pgettext(
        "letter.partial_refusal_lead",
        "We do part of what you asked, but not all of it. Below we explain, for each right, what we"
        " do and why we do not do the rest.",
    ),
    "refusal_lead": pgettext(
        "letter.refusal_lead",
        "We will not act on your request. Below we explain why.",
    ),
    "no_data_text": pgettext(
        "letter.no_data_text",
        "We have searched our systems and we do not process any personal data about you. This is "
        "our answer under %(articles)s; it is not a refusal.",
    ),
    "no_data_article_access": pgettext("letter.no_data_article_access", "Art. 15(1) GDPR (access)"),
    "no_data_article_rectification": pgettext(
        "letter.no_data_article_rectification", "Art. 16 GDPR (rectification)"
    ),
    "no_data_article_erasure": pgettext("letter.no_data_article_erasure", "Art. 17 GDPR (erasure)"),
    "no_data_article_restriction": pgettext(
        "letter.no_data_article_restriction", "Art. 18 GDPR (restriction of processing)"
    ),
    "no_data_article_portability": pgettext(
        "letter.no_data_article_portability", "Art. 20 GDPR (data portability)"
    ),
    "no_data_article_objection": pgettext("letter.no_data_article_objection", "Art. 21 GDPR (objection)"),
    "no_data_article_consent_withdrawal": pgettext(
        "letter.no_data_article_consent_withdrawal", "Art. 7(3) GDPR (withdrawal of consent)"
    ),
    "extension_text": pgettext(
        "letter.extension_text",
        "We received your request on %(date)s. We need more time to answer it: the GDPR allows us "
        "to extend the period of one month by two further months where necessary, taking into "
        "account the complexity and the number of the requests (Art. 12(3) GDPR).",
    ),
    "extension_reason": pgettext(
        "letter.extension_reason",
        "Reason for the extension:",
    ),
    "extension_explanation": pgettext(
        "letter.extension_explanation",
        "Explanation:",
    ),
    "extension_new_date": pgettext(
        "letter.extension_new_date",
        "We will answer your request at the latest on %(due)s.",
    ),
    "identity_text": pgettext(
        "letter.identity_text",
        "We could not confirm that you are the person whose personal data the request is about "
        "(Art. 12(2) and 12(6) GDPR). To protect that person, we have not disclosed, changed or "
        "erased any data.",
    ),
    "identity_how_heading": pgettext(
        "letter.identity_how_heading",
        "What would allow us to confirm your identity",
    ),
    "identity_how": pgettext(
        "letter.identity_how",
        "Write to us from the e-mail address or with the customer number we know for you, or give "
        "us details that only you and we know (for example the date and amount of your last "
        "invoice). Only if nothing else is possible, a copy of an identity document with the photo,"
        " the document or card number, the national number (rijksregisternummer or BSN) and the "
        "machine-readable lines (MRZ) blacked out.",
    ),
    "identity_resubmit": pgettext(
        "letter.identity_resubmit",
        "You can submit your request again at any time; it will then be handled as a new request.",
    ),
    "remedies_heading": pgettext(
        "letter.remedies_heading",
        "Complaint and judicial remedy",
    ),
    "art12_4_lead": pgettext(
        "letter.art12_4_lead",
        "Because we do not (fully) act on your request, we inform you of the reasons above and of "
        "the following remedies (Art. 12(4) GDPR).",
    ),
    # Art. 77(1): any supervisory authority, in particular where the person lives or works or where
    # the infringement took place; Art. 79(2): our courts or those where the person habitually resides.
    "complaint": pgettext(
        "letter.complaint",
        "You have the right to lodge a complaint with a supervisory authority, in particular in the "
        "Member State of your habitual residence, of your place of work or of the place of the "
        "alleged infringement (Art. 77(1) GDPR). The supervisory authority where we are established "
        "is %(authority)s (%(url)s).",
    ),
    "judicial_remedy": pgettext(
        "letter.judicial_remedy",
        "You also have the right to an effective judicial remedy (Art. 79 GDPR): you may bring "
        "proceedings before the courts of the Member State where we are established, %(court)s, or "
        "before the courts of the Member State of your habitual residence (Art. 79(2) GDPR).",
    ),
    "transmission_heading": pgettext(
        "letter.transmission_heading",
        "Direct transmission to another organisation (Art. 20(2) GDPR)",
    ),
    "transmission_refused": pgettext(
        "letter.transmission_refused",
        "We cannot send your data directly to %(recipient)s, because it is not technically "
        "feasible. You receive the data yourself instead and can pass them on.",
    ),
    "closing": pgettext(
        "letter.closing",
        "Yours sincerely,",
    ),
    "signature": pgettext(
        "letter.signature",
        "The privacy team of %(organisation)s",
    ),
    "footer": pgettext(
        "letter.footer",
        "%(organisation)s · reference %(reference)s",
    ),
    "page": pgettext(
        "letter.page",
        "page %(page)s of %(pages)s",
    ),
}
