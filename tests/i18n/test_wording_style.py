"""How the catalogues address people: French greets "Madame, Monsieur," or "Bonjour <name>," (never
"Madame, Monsieur <name>,"), cites article paragraphs one way (art. 12(4)) and uses no
masculine-only word for the person who makes a request; Dutch avoids words only Belgians use, so
that an organisation in the Netherlands can use the same texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def translations(language: str) -> list[tuple[str, str]]:
    path = ROOT / f"dsar/translations/{language}/LC_MESSAGES/messages.po"
    catalogue = read_po(path.open("rb"))
    return [(str(m.id), m.string) for m in catalogue if m.id and isinstance(m.string, str) and m.string]


def test_french_greets_without_mixing_madame_monsieur_and_a_name():
    greetings = [text for msgid, text in translations("fr") if msgid == "Dear %(name)s,"]
    assert greetings and set(greetings) <= {"Madame, Monsieur,", "Bonjour %(name)s,"}
    assert not [t for _, t in translations("fr") if re.search(r"Monsieur %\(name\)s", t)]


def test_french_cites_article_paragraphs_one_way():
    other_styles = re.compile(r"\b[Aa]rt(icle|\.)s? \d+, ?(§ ?\d|par\. \d|paragraphes? \d)")
    assert [t for _, t in translations("fr") if other_styles.search(t)] == []


def test_french_has_no_masculine_only_word_for_the_requester():
    masculine = re.compile(r"\b(demandeur|demandeurs|utilisateur|l'auteur de la demande)\b", re.IGNORECASE)
    assert [t for _, t in translations("fr") if masculine.search(t)] == []


@pytest.mark.parametrize("word", ["verwittig", "opladen", "opgeladen", "aanreken", "aangerekend", "databank"])
def test_dutch_avoids_words_only_belgians_use(word):
    assert [t for _, t in translations("nl") if word in t.lower()] == []


def test_dutch_grammar_the_catalogue_got_wrong_before():
    texts = [t for _, t in translations("nl")]
    assert not [t for t in texts if "dit soort verzoek " in t or "sturen ze u" in t]
    assert any("dit soort verzoeken" in t for t in texts) and any("wij sturen u die" in t for t in texts)
