"""The sentences of the response letters, marked for the catalogues, and how one is read in a
language: with Babel alone, so letters stay free of Flask (rules.md 2.1, 5.5, C4).

Each sentence is written in English with the context "letter.<key>" so translators see where it
goes and one English word can take different forms (French "aucun"/"aucune"); the portal's gettext
catalogues (dsar/translations) hold the translations. Texts are plain strings: escaping for the PDF
is render.py's job."""

from __future__ import annotations

from datetime import date
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


def long_date(value: date, language: str) -> str:
    """Day, month in letters, year in every language: the "long" format of the English locale is
    the US one (November 30, 2026), which no reader in Belgium expects."""
    return format_date(value, format="d MMMM y", locale=language)


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
