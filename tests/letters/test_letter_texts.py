"""Every letter, in every language, read back from the PDF: the parts the law requires are there
(Art. 12(3), 12(4), 15; rules.md 2.1, 5.5, C4)."""

from __future__ import annotations

import re

import pytest

from dsar.letters.content import build
from dsar.letters.model import LetterKind, RightOutcome, kind_for
from dsar.letters.render import render_pdf
from tests.letters.pdfs import INVOICING, pdf_text, sample_input

# What a reader of each language sees; written out here, not taken from the code under test.
READER = {
    "en": {
        "art12_4": "(Art. 12(4) GDPR)",
        "complaint": (
            "right to lodge a complaint with a supervisory authority, in particular in the Member State "
            "of your habitual residence, of your place of work or of the place of the alleged infringement"
        ),
        "court": "where we are established, the Belgian",
        "residence_court": "courts of the Member State of your habitual residence",
        "reference": "Our reference: K7QM-3XHD",
        "received": "2 February 2026",
        "new_date": "at the latest on 4 May 2026",
        "art12_3": "Art. 12(3) GDPR",
        "confirmation": "We confirm that we process personal data about you",
        "no_data": "we do not process any personal data about you",
        "identity": "We could not confirm that you are the person",
        "how": "What would allow us to confirm your identity",
        "rights": "to rectify inaccurate data (Art. 16)",
    },
    "nl": {
        "art12_4": "(art. 12, lid 4, AVG)",
        "complaint": (
            "klacht in te dienen bij een toezichthoudende autoriteit, met name in de lidstaat waar u "
            "gewoonlijk verblijft, waar u werkt of waar de beweerde inbreuk heeft plaatsgevonden"
        ),
        "court": "waar wij gevestigd zijn, de Belgische",
        "residence_court": "rechter van de lidstaat waar u gewoonlijk verblijft",
        "reference": "Ons kenmerk: K7QM-3XHD",
        "received": "2 februari 2026",
        "new_date": "uiterlijk op 4 mei 2026",
        "art12_3": "art. 12, lid 3, AVG",
        "confirmation": "Wij bevestigen dat wij persoonsgegevens over u verwerken",
        "no_data": "verwerken geen persoonsgegevens over u",
        "identity": "Wij konden niet bevestigen dat u de persoon bent",
        "how": "Waarmee wij uw identiteit wel kunnen bevestigen",
        "rights": "onjuiste gegevens te verbeteren (art. 16)",
    },
    "fr": {
        "art12_4": "(article 12(4) du RGPD)",
        "complaint": (
            "réclamation auprès d'une autorité de contrôle, en particulier dans l'État membre de votre "
            "résidence habituelle, de votre lieu de travail ou du lieu où la violation aurait été commise"
        ),
        "court": "où nous sommes établis, les juridictions",
        "residence_court": "celles de l'État membre de votre résidence habituelle",
        "reference": "Notre référence : K7QM-3XHD",
        "received": "2 février 2026",
        "new_date": "au plus tard le 4 mai 2026",
        "art12_3": "article 12(3) du RGPD",
        "confirmation": "Nous confirmons que nous traitons des données à caractère personnel",
        "no_data": "nous ne traitons aucune donnée à caractère personnel vous concernant",
        "identity": "Nous n'avons pas pu confirmer que vous êtes la personne concernée",
        "how": "Ce qui nous permettrait de confirmer votre identité",
        "rights": "rectifier des données inexactes (article 16)",
    },
}
LANGUAGES = list(READER)


def letter_text(kind: LetterKind, language: str, **overrides) -> str:
    return pdf_text(render_pdf(build(sample_input(kind, language, **overrides))))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_letter_names_the_organisation_the_case_the_authority_and_the_court(kind, language):
    text = letter_text(kind, language)
    reader = READER[language]
    assert "Brasserie Élégance NV" in text and "Rue de l'Été 12" in text
    assert reader["reference"] in text and reader["received"] in text
    assert "Françoise Dewaële" in text
    assert (
        "Gegevensbeschermingsautoriteit" in text and "https://www.gegevensbeschermingsautoriteit.be" in text
    )
    # The remedies may run over a page break: read them without the running footer.
    body = re.sub(r" Brasserie Élégance NV · \S+ K7QM-3XHD \S+ \d+ \S+ \d+", "", text)
    assert reader["complaint"] in body and reader["court"] in body  # Art. 77(1)
    assert reader["residence_court"] in body  # Art. 79(2)
    assert re.search(r"(page|pagina) 1 (of|van|sur) [12]\b", text)  # "page x of y" in the footer


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "kind", [LetterKind.REFUSAL, LetterKind.PARTIAL_REFUSAL, LetterKind.IDENTITY_NOT_CONFIRMED]
)
def test_a_decision_not_to_act_gives_reasons_and_the_article_12_4_remedies(kind, language):
    text = letter_text(kind, language)
    assert READER[language]["art12_4"] in text
    assert "Others' data." in text and "Art. 15(4) GDPR" in text  # reasons and legal ground as decided


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_extension_letter_gives_the_reasons_and_the_new_date(language):
    text = letter_text(LetterKind.EXTENSION, language)
    reader = READER[language]
    assert reader["new_date"] in text and reader["art12_3"] in text
    assert "Data spread across several systems or units" in text
    assert "Three systems to search, invoices cost €1.250,00 to retrieve" in text


def test_an_extension_letter_without_a_new_date_is_refused():
    with pytest.raises(ValueError, match="new date"):
        build(sample_input(LetterKind.EXTENSION, new_due=None))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_access_answer_confirms_lists_the_copy_the_processing_and_the_other_rights(language):
    text = letter_text(LetterKind.ACCESS, language, processing=[INVOICING])
    reader = READER[language]
    assert reader["confirmation"] in text and reader["rights"] in text
    assert "orders.csv" in text and "a" * 64 in text  # what the bundle holds, with its fingerprint
    for part in (
        "Invoicing",
        "Art. 6(1)(b) GDPR (contract)",
        "name, address, invoices",
        "Boekhouding Peeters BV",
        "7 years after the invoice (accounting law)",
    ):
        assert part in text


@pytest.mark.parametrize(
    ("language", "statement"),
    [("en", "is not included in this letter"), ("nl", "staat niet in deze brief"), ("fr", "ne figure pas")],
)
def test_without_a_record_of_processing_the_access_answer_says_so(language, statement):
    assert statement in letter_text(LetterKind.ACCESS, language, processing=[])


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_data_held_is_an_answer_not_a_refusal(language):
    text = letter_text(LetterKind.NO_DATA, language)
    assert READER[language]["no_data"] in text and READER[language]["art12_4"] not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_identity_not_confirmed_says_what_would_confirm_it(language):
    text = letter_text(LetterKind.IDENTITY_NOT_CONFIRMED, language)
    assert READER[language]["identity"] in text and READER[language]["how"] in text


def test_the_dutch_authority_and_courts_for_a_dutch_organisation():
    text = letter_text(
        LetterKind.REFUSAL,
        "nl",
        country="NL",
        authority_name="Autoriteit Persoonsgegevens",
        authority_url="https://www.autoriteitpersoonsgegevens.nl",
    )
    assert "Autoriteit Persoonsgegevens" in text and "de Nederlandse rechter (de rechtbank)" in text


def test_a_direct_transmission_that_was_not_feasible_is_explained():
    text = letter_text(
        LetterKind.DECISION,
        "en",
        outcomes=[RightOutcome("portability", "Portability", "granted", "Granted")],
        transmission_refused=[("Energie Zuid BV", "They accept no automated transfers.")],
    )
    assert "We cannot send your data directly to Energie Zuid BV" in text
    assert "They accept no automated transfers." in text and "Art. 20(2) GDPR" in text


def outcome(right: str, code: str) -> RightOutcome:
    return RightOutcome(right, right, code, code)


@pytest.mark.parametrize(
    ("codes", "kind"),
    [
        ([("access", "granted")], LetterKind.ACCESS),
        ([("access", "granted"), ("erasure", "refused")], LetterKind.PARTIAL_REFUSAL),
        ([("access", "partly_granted")], LetterKind.PARTIAL_REFUSAL),
        ([("access", "refused"), ("erasure", "refused")], LetterKind.REFUSAL),
        ([("access", "no_data_held")], LetterKind.NO_DATA),
        ([("access", "identity_not_confirmed"), ("erasure", "granted")], LetterKind.IDENTITY_NOT_CONFIRMED),
        ([("erasure", "granted"), ("objection", "granted")], LetterKind.DECISION),
        ([("access", "granted"), ("erasure", "withdrawn")], LetterKind.ACCESS),
    ],
)
def test_the_decisions_choose_the_letter(codes, kind):
    assert kind_for([outcome(right, code) for right, code in codes]) is kind


@pytest.mark.parametrize(
    ("rights", "cited", "not_cited"),
    [
        (["access"], "Art. 15(1) GDPR (access)", "Art. 17 GDPR"),
        (["erasure"], "Art. 17 GDPR (erasure)", "Art. 15(1)"),
        (["rectification", "objection"], "Art. 16 GDPR (rectification), Art. 21 GDPR (objection)", "Art. 15"),
    ],
)
def test_the_no_data_letter_cites_the_article_of_each_right_asked(rights, cited, not_cited):
    outcomes = [RightOutcome(right, right, "no_data_held", "No data held") for right in rights]
    text = " ".join(letter_text(LetterKind.NO_DATA, "en", outcomes=outcomes).split())
    assert cited in text and not_cited not in text


@pytest.mark.parametrize(
    ("language", "cited"),
    [("nl", "art. 17 AVG (gegevenswissing)"), ("fr", "l'article 17 du RGPD (effacement)")],
)
def test_the_no_data_letter_cites_the_article_in_the_readers_language(language, cited):
    outcomes = [RightOutcome("erasure", "erasure", "no_data_held", "-")]
    assert cited in " ".join(letter_text(LetterKind.NO_DATA, language, outcomes=outcomes).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_fee_notice_gives_the_amount_and_the_reasons_before_charging(language):
    text = " ".join(letter_text(LetterKind.FEE_NOTICE, language).split())
    assert "25.00" in text and "A third copy within two months." in text
    assert {"en": "withdraw", "nl": "intrekken", "fr": "retirer"}[language] in text
