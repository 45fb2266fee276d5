"""What each response letter says, as plain data: pure (no Flask, no database, no PDF), so every
mandatory part can be tested per kind and language (rules.md 2.1, 5.5, C4; Art. 12(3), 12(4), 15).

The letter's own sentences live here in the three languages; labels that already exist in the
portal's catalogue (rights, outcomes, legal grounds, extension reasons) arrive translated in
``LetterInput``. Texts are plain strings: escaping for the PDF is render.py's job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from babel.dates import format_date

LANGUAGES = ("nl", "fr", "en")


class LetterKind(StrEnum):
    ACCESS = "access"  # Art. 15: confirmation, copy, the 15(1)(a)-(h) and 15(2) information
    PARTIAL_REFUSAL = "partial_refusal"  # Art. 12(4) for the part we do not act on
    REFUSAL = "refusal"  # Art. 12(4)
    NO_DATA = "no_data"  # Art. 15(1): "we process nothing about you" is an answer, not a refusal
    EXTENSION = "extension"  # Art. 12(3): reasons and the new date
    IDENTITY_NOT_CONFIRMED = "identity_not_confirmed"  # Art. 12(2), 12(4), 12(6); rules 5.5
    DECISION = "decision"  # rectification, erasure, restriction, objection, consent withdrawal done


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
        self.table = TEXTS[language]

    def __call__(self, key: str, **values) -> str:
        return self.table[key] % values if values else self.table[key]


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


def _no_data_body(data: LetterInput, t: _Texts) -> list[Block]:
    return [
        Block("para", t("intro", date=long_date(data.receipt_date, data.language))),
        Block("para", t("no_data_text")),
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


_BODIES = {
    LetterKind.ACCESS: _access_body,
    LetterKind.PARTIAL_REFUSAL: _refusal_body,
    LetterKind.REFUSAL: _refusal_body,
    LetterKind.NO_DATA: _no_data_body,
    LetterKind.EXTENSION: _extension_body,
    LetterKind.IDENTITY_NOT_CONFIRMED: _identity_body,
    LetterKind.DECISION: _decision_body,
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
    court = COURTS.get(data.country, COURTS["BE"])[data.language]
    blocks = [Block("heading", t("remedies_heading"))]
    if data.kind in ART_12_4_KINDS:
        blocks.append(Block("para", t("art12_4_lead")))
    blocks.append(Block("para", t("complaint", authority=data.authority_name, url=data.authority_url)))
    blocks.append(Block("para", t("judicial_remedy", court=court)))
    return blocks


# Art. 79 GDPR: the court the person can turn to (LEGAL REVIEW: BE Law of 30 July 2018 art. 209;
# NL UAVG art. 35).
COURTS = {
    "BE": {
        "nl": "de Belgische rechter (de rechtbank van eerste aanleg)",
        "fr": "les juridictions belges (le tribunal de première instance)",
        "en": "the Belgian courts (the court of first instance)",
    },
    "NL": {
        "nl": "de Nederlandse rechter (de rechtbank)",
        "fr": "les juridictions néerlandaises (le tribunal, « rechtbank »)",
        "en": "the Dutch courts (the district court, rechtbank)",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title_access": "Answer to your request for access to your personal data",
        "title_partial_refusal": "Answer to your request: partly granted",
        "title_refusal": "Answer to your request: refusal",
        "title_no_data": "Answer to your request: we hold no personal data about you",
        "title_extension": "Extension of the period to answer your request",
        "title_identity_not_confirmed": "Your request: we could not confirm your identity",
        "title_decision": "Answer to your request",
        "meta_reference": "Our reference: %(reference)s",
        "meta_date": "Date: %(date)s",
        "meta_received": "Your request received on: %(date)s",
        "salutation": "Dear %(name)s,",
        "intro": "This letter is our answer to the request you made on %(date)s under the General Data "
        "Protection Regulation (GDPR).",
        "outcomes_heading": "Our decision for each right you exercised",
        "outcome_line": "%(right)s: %(outcome)s",
        "legal_ground": "Legal ground:",
        "reasons": "Reasons:",
        "access_confirmation": "We confirm that we process personal data about you (Art. 15(1) GDPR).",
        "copy_heading": "Your copy of the data (Art. 15(3) GDPR)",
        "copy_lead": "Your copy is in the following files, which you can download through the secure "
        "link in our e-mail. The SHA-256 fingerprint lets you check that a file is the one we sent:",
        "copy_file": "%(name)s (%(size)s, SHA-256 %(sha)s)",
        "copy_none": "No file accompanies this answer.",
        "art15_heading": "Information about the processing (Art. 15(1)(a)-(h) and 15(2) GDPR)",
        "art15_no_record": "The description of our processing (purposes, categories of data, recipients, "
        "retention periods, source of the data, automated decision-making and transfers outside the "
        "European Economic Area) is not included in this letter. Ask us and we will send it to you "
        "free of charge.",
        "entry_purpose": "Purpose:",
        "entry_legal_basis": "Legal basis:",
        "entry_legal_basis_none": "not stated",
        "entry_categories": "Categories of personal data:",
        "entry_categories_none": "not stated",
        "entry_recipients": "Recipients:",
        "entry_recipients_none": "none",
        "entry_retention": "Retention period:",
        "entry_retention_none": "not stated",
        "entry_source": "Source:",
        "entry_source_none": "collected from you",
        "entry_automated": "Automated decision-making, including profiling:",
        "entry_automated_none": "none",
        "entry_transfers": "Transfers outside the European Economic Area and safeguards:",
        "entry_transfers_none": "none",
        "rights_heading": "Your other rights",
        "rights_text": "You may ask us to rectify inaccurate data (Art. 16), to erase your data (Art. 17), "
        "to restrict their processing (Art. 18), to receive the data you provided to us in a "
        "machine-readable format or have them sent to another organisation (Art. 20), and you may "
        "object to their processing (Art. 21). Where we process data on the basis of your consent, "
        "you may withdraw it at any time (Art. 7(3)).",
        "partial_refusal_lead": "We do part of what you asked, but not all of it. Below we explain, "
        "for each right, what we do and why we do not do the rest.",
        "refusal_lead": "We will not act on your request. Below we explain why.",
        "no_data_text": "We have searched our systems and we do not process any personal data about you. "
        "This is our answer under Art. 15(1) GDPR; it is not a refusal.",
        "extension_text": "We received your request on %(date)s. We need more time to answer it: the GDPR "
        "allows us to extend the period of one month by two further months where necessary, taking into "
        "account the complexity and the number of the requests (Art. 12(3) GDPR).",
        "extension_reason": "Reason for the extension:",
        "extension_explanation": "Explanation:",
        "extension_new_date": "We will answer your request at the latest on %(due)s.",
        "identity_text": "We could not confirm that you are the person whose personal data the request is "
        "about (Art. 12(2) and 12(6) GDPR). To protect that person, we have not disclosed, changed or "
        "erased any data.",
        "identity_how_heading": "What would allow us to confirm your identity",
        "identity_how": "Write to us from the e-mail address or with the customer number we know for you, "
        "or give us details that only you and we know (for example the date and amount of your last "
        "invoice). Only if nothing else is possible, a copy of an identity document with the photo, the "
        "document number and the national number blacked out.",
        "identity_resubmit": "You can submit your request again at any time; it will then be handled as "
        "a new request.",
        "remedies_heading": "Complaint and judicial remedy",
        "art12_4_lead": "Because we do not (fully) act on your request, we inform you of the reasons "
        "above and of the following remedies (Art. 12(4) GDPR).",
        "complaint": "You have the right to lodge a complaint with the supervisory authority, "
        "%(authority)s (%(url)s) (Art. 77 GDPR).",
        "judicial_remedy": "You also have the right to an effective judicial remedy before %(court)s "
        "(Art. 79 GDPR).",
        "transmission_heading": "Direct transmission to another organisation (Art. 20(2) GDPR)",
        "transmission_refused": "We cannot send your data directly to %(recipient)s, because it is not "
        "technically feasible. You receive the data yourself instead and can pass them on.",
        "closing": "Yours sincerely,",
        "signature": "The privacy team of %(organisation)s",
        "footer": "%(organisation)s · reference %(reference)s",
        "page": "page %(page)s of %(pages)s",
    },
    "nl": {
        "title_access": "Antwoord op uw verzoek om inzage in uw persoonsgegevens",
        "title_partial_refusal": "Antwoord op uw verzoek: gedeeltelijk ingewilligd",
        "title_refusal": "Antwoord op uw verzoek: weigering",
        "title_no_data": "Antwoord op uw verzoek: wij hebben geen persoonsgegevens over u",
        "title_extension": "Verlenging van de termijn om uw verzoek te beantwoorden",
        "title_identity_not_confirmed": "Uw verzoek: wij konden uw identiteit niet bevestigen",
        "title_decision": "Antwoord op uw verzoek",
        "meta_reference": "Ons kenmerk: %(reference)s",
        "meta_date": "Datum: %(date)s",
        "meta_received": "Uw verzoek ontvangen op: %(date)s",
        "salutation": "Geachte %(name)s,",
        "intro": "Met deze brief beantwoorden wij het verzoek dat u op %(date)s deed op grond van de "
        "Algemene Verordening Gegevensbescherming (AVG).",
        "outcomes_heading": "Onze beslissing voor elk recht dat u uitoefende",
        "outcome_line": "%(right)s: %(outcome)s",
        "legal_ground": "Rechtsgrond:",
        "reasons": "Redenen:",
        "access_confirmation": "Wij bevestigen dat wij persoonsgegevens over u verwerken "
        "(art. 15, lid 1, AVG).",
        "copy_heading": "Uw kopie van de gegevens (art. 15, lid 3, AVG)",
        "copy_lead": "Uw kopie zit in de volgende bestanden, die u via de beveiligde link in onze e-mail "
        "kunt downloaden. Met de SHA-256-vingerafdruk kunt u nagaan dat een bestand het bestand is dat "
        "wij stuurden:",
        "copy_file": "%(name)s (%(size)s, SHA-256 %(sha)s)",
        "copy_none": "Bij dit antwoord hoort geen bestand.",
        "art15_heading": "Informatie over de verwerking (art. 15, lid 1, a) tot h), en lid 2, AVG)",
        "art15_no_record": "De beschrijving van onze verwerking (doeleinden, categorieën van gegevens, "
        "ontvangers, bewaartermijnen, bron van de gegevens, geautomatiseerde besluitvorming en doorgiften "
        "buiten de Europese Economische Ruimte) staat niet in deze brief. Vraag het ons en wij sturen ze "
        "u kosteloos toe.",
        "entry_purpose": "Doel:",
        "entry_legal_basis": "Rechtsgrond:",
        "entry_legal_basis_none": "niet vermeld",
        "entry_categories": "Categorieën van persoonsgegevens:",
        "entry_categories_none": "niet vermeld",
        "entry_recipients": "Ontvangers:",
        "entry_recipients_none": "geen",
        "entry_retention": "Bewaartermijn:",
        "entry_retention_none": "niet vermeld",
        "entry_source": "Bron:",
        "entry_source_none": "bij u verzameld",
        "entry_automated": "Geautomatiseerde besluitvorming, met inbegrip van profilering:",
        "entry_automated_none": "geen",
        "entry_transfers": "Doorgifte buiten de Europese Economische Ruimte en waarborgen:",
        "entry_transfers_none": "geen",
        "rights_heading": "Uw andere rechten",
        "rights_text": "U kunt ons vragen onjuiste gegevens te verbeteren (art. 16), uw gegevens te wissen "
        "(art. 17), de verwerking te beperken (art. 18), de gegevens die u ons gaf in een machineleesbaar "
        "formaat te ontvangen of aan een andere organisatie te laten bezorgen (art. 20), en u kunt "
        "bezwaar maken tegen de verwerking (art. 21). Verwerken wij gegevens op basis van uw toestemming, "
        "dan kunt u die altijd intrekken (art. 7, lid 3).",
        "partial_refusal_lead": "Wij doen een deel van wat u vroeg, maar niet alles. Hieronder leggen wij "
        "per recht uit wat wij doen en waarom wij de rest niet doen.",
        "refusal_lead": "Wij gaan niet in op uw verzoek. Hieronder leggen wij uit waarom.",
        "no_data_text": "Wij hebben onze systemen doorzocht en verwerken geen persoonsgegevens over u. "
        "Dit is ons antwoord op grond van art. 15, lid 1, AVG; het is geen weigering.",
        "extension_text": "Wij ontvingen uw verzoek op %(date)s. Wij hebben meer tijd nodig om het te "
        "beantwoorden: de AVG staat toe de termijn van één maand zo nodig met twee maanden te verlengen, "
        "rekening houdend met de complexiteit en het aantal verzoeken (art. 12, lid 3, AVG).",
        "extension_reason": "Reden van de verlenging:",
        "extension_explanation": "Toelichting:",
        "extension_new_date": "Wij beantwoorden uw verzoek uiterlijk op %(due)s.",
        "identity_text": "Wij konden niet bevestigen dat u de persoon bent op wie het verzoek betrekking "
        "heeft (art. 12, leden 2 en 6, AVG). Om die persoon te beschermen hebben wij geen gegevens "
        "verstrekt, gewijzigd of gewist.",
        "identity_how_heading": "Waarmee wij uw identiteit wel kunnen bevestigen",
        "identity_how": "Schrijf ons vanaf het e-mailadres of met het klantnummer dat wij van u kennen, of "
        "geef ons gegevens die alleen u en wij kennen (bijvoorbeeld de datum en het bedrag van uw laatste "
        "factuur). Alleen als niets anders kan: een kopie van een identiteitsbewijs waarop de foto, het "
        "documentnummer en het rijksregisternummer of BSN zijn afgeschermd.",
        "identity_resubmit": "U kunt uw verzoek altijd opnieuw indienen; het wordt dan als een nieuw "
        "verzoek behandeld.",
        "remedies_heading": "Klacht en beroep bij de rechter",
        "art12_4_lead": "Omdat wij niet (volledig) ingaan op uw verzoek, delen wij u hierboven de redenen "
        "mee en wijzen wij u op de volgende rechtsmiddelen (art. 12, lid 4, AVG).",
        "complaint": "U hebt het recht een klacht in te dienen bij de toezichthoudende autoriteit, "
        "%(authority)s (%(url)s) (art. 77 AVG).",
        "judicial_remedy": "U hebt ook het recht op een doeltreffende voorziening in rechte bij %(court)s "
        "(art. 79 AVG).",
        "transmission_heading": "Rechtstreekse doorzending naar een andere organisatie (art. 20, lid 2, AVG)",
        "transmission_refused": "Wij kunnen uw gegevens niet rechtstreeks aan %(recipient)s bezorgen, "
        "omdat dat technisch niet mogelijk is. U ontvangt de gegevens zelf en kunt ze doorgeven.",
        "closing": "Met vriendelijke groet,",
        "signature": "Het privacyteam van %(organisation)s",
        "footer": "%(organisation)s · kenmerk %(reference)s",
        "page": "pagina %(page)s van %(pages)s",
    },
    "fr": {
        "title_access": "Réponse à votre demande d'accès à vos données à caractère personnel",
        "title_partial_refusal": "Réponse à votre demande : accord partiel",
        "title_refusal": "Réponse à votre demande : refus",
        "title_no_data": "Réponse à votre demande : nous ne détenons aucune donnée vous concernant",
        "title_extension": "Prolongation du délai de réponse à votre demande",
        "title_identity_not_confirmed": "Votre demande : nous n'avons pas pu confirmer votre identité",
        "title_decision": "Réponse à votre demande",
        "meta_reference": "Notre référence : %(reference)s",
        "meta_date": "Date : %(date)s",
        "meta_received": "Votre demande reçue le : %(date)s",
        "salutation": "Madame, Monsieur,",
        "intro": "Par la présente, nous répondons à la demande que vous avez introduite le %(date)s en "
        "vertu du règlement général sur la protection des données (RGPD).",
        "outcomes_heading": "Notre décision pour chaque droit que vous avez exercé",
        "outcome_line": "%(right)s : %(outcome)s",
        "legal_ground": "Base juridique :",
        "reasons": "Motifs :",
        "access_confirmation": "Nous confirmons que nous traitons des données à caractère personnel vous "
        "concernant (article 15, paragraphe 1, du RGPD).",
        "copy_heading": "Votre copie des données (article 15, paragraphe 3, du RGPD)",
        "copy_lead": "Votre copie se trouve dans les fichiers suivants, que vous pouvez télécharger au "
        "moyen du lien sécurisé figurant dans notre e-mail. L'empreinte SHA-256 vous permet de vérifier "
        "qu'un fichier est bien celui que nous avons envoyé :",
        "copy_file": "%(name)s (%(size)s, SHA-256 %(sha)s)",
        "copy_none": "Aucun fichier n'accompagne cette réponse.",
        "art15_heading": "Informations sur le traitement (article 15, paragraphe 1, a) à h), et "
        "paragraphe 2, du RGPD)",
        "art15_no_record": "La description de nos traitements (finalités, catégories de données, "
        "destinataires, durées de conservation, source des données, prise de décision automatisée et "
        "transferts hors de l'Espace économique européen) ne figure pas dans cette lettre. Demandez-la-nous "
        "et nous vous l'enverrons gratuitement.",
        "entry_purpose": "Finalité :",
        "entry_legal_basis": "Base juridique :",
        "entry_legal_basis_none": "non précisée",
        "entry_categories": "Catégories de données à caractère personnel :",
        "entry_categories_none": "non précisées",
        "entry_recipients": "Destinataires :",
        "entry_recipients_none": "aucun",
        "entry_retention": "Durée de conservation :",
        "entry_retention_none": "non précisée",
        "entry_source": "Source :",
        "entry_source_none": "collectées auprès de vous",
        "entry_automated": "Prise de décision automatisée, y compris le profilage :",
        "entry_automated_none": "aucune",
        "entry_transfers": "Transferts hors de l'Espace économique européen et garanties :",
        "entry_transfers_none": "aucun",
        "rights_heading": "Vos autres droits",
        "rights_text": "Vous pouvez nous demander de rectifier des données inexactes (article 16), "
        "d'effacer vos données (article 17), d'en limiter le traitement (article 18), de recevoir les "
        "données que vous nous avez fournies dans un format lisible par machine ou de les faire "
        "transmettre à une autre organisation (article 20), et vous pouvez vous opposer à leur traitement "
        "(article 21). Lorsque nous traitons des données sur la base de votre consentement, vous pouvez le "
        "retirer à tout moment (article 7, paragraphe 3).",
        "partial_refusal_lead": "Nous donnons suite à une partie de votre demande, mais pas à tout. "
        "Nous expliquons ci-dessous, pour chaque droit, ce que nous faisons et pourquoi nous ne faisons "
        "pas le reste.",
        "refusal_lead": "Nous ne donnons pas suite à votre demande. Nous en expliquons les motifs "
        "ci-dessous.",
        "no_data_text": "Nous avons effectué des recherches dans nos systèmes et nous ne traitons aucune "
        "donnée à caractère personnel vous concernant. Il s'agit de notre réponse au titre de l'article 15, "
        "paragraphe 1, du RGPD ; ce n'est pas un refus.",
        "extension_text": "Nous avons reçu votre demande le %(date)s. Il nous faut davantage de temps pour "
        "y répondre : le RGPD permet de prolonger le délai d'un mois de deux mois supplémentaires si "
        "nécessaire, compte tenu de la complexité et du nombre de demandes (article 12, paragraphe 3, "
        "du RGPD).",
        "extension_reason": "Motif de la prolongation :",
        "extension_explanation": "Explication :",
        "extension_new_date": "Nous répondrons à votre demande au plus tard le %(due)s.",
        "identity_text": "Nous n'avons pas pu confirmer que vous êtes la personne concernée par la demande "
        "(article 12, paragraphes 2 et 6, du RGPD). Pour protéger cette personne, nous n'avons "
        "communiqué, modifié ni effacé aucune donnée.",
        "identity_how_heading": "Ce qui nous permettrait de confirmer votre identité",
        "identity_how": "Écrivez-nous depuis l'adresse e-mail ou avec le numéro de client que nous vous "
        "connaissons, ou communiquez-nous des informations que seuls vous et nous connaissons (par "
        "exemple la date et le montant de votre dernière facture). Seulement si rien d'autre n'est "
        "possible : une copie d'un document d'identité dont la photo, le numéro du document et le numéro "
        "de registre national sont masqués.",
        "identity_resubmit": "Vous pouvez introduire à nouveau votre demande à tout moment ; elle sera "
        "alors traitée comme une nouvelle demande.",
        "remedies_heading": "Plainte et recours juridictionnel",
        "art12_4_lead": "Comme nous ne donnons pas (entièrement) suite à votre demande, nous vous en "
        "indiquons les motifs ci-dessus ainsi que les recours suivants (article 12, paragraphe 4, du RGPD).",
        "complaint": "Vous avez le droit d'introduire une réclamation auprès de l'autorité de contrôle, "
        "%(authority)s (%(url)s) (article 77 du RGPD).",
        "judicial_remedy": "Vous avez également le droit de former un recours juridictionnel effectif "
        "devant %(court)s (article 79 du RGPD).",
        "transmission_heading": "Transmission directe à une autre organisation (article 20, paragraphe 2, "
        "du RGPD)",
        "transmission_refused": "Nous ne pouvons pas transmettre directement vos données à %(recipient)s, "
        "car ce n'est pas techniquement possible. Vous recevez les données vous-même et pouvez les "
        "transmettre.",
        "closing": "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.",
        "signature": "L'équipe vie privée de %(organisation)s",
        "footer": "%(organisation)s · référence %(reference)s",
        "page": "page %(page)s sur %(pages)s",
    },
}
