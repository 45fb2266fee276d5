"""Suggestions for the person triaging a mail: its language, the rights it seems to invoke, the
identifiers it contains and the case it names. Transparent keyword lists, no model: staff can see
why a right was suggested, and a suggestion is never a decision (rules C1: no wording is required,
so staff always read the mail itself). Pure Python, no app needed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Short, frequent words that tell the three languages apart.
LANGUAGE_WORDS = {
    "nl": {
        "de",
        "het",
        "een",
        "ik",
        "mijn",
        "van",
        "en",
        "niet",
        "graag",
        "wil",
        "met",
        "gegevens",
        "u",
        "uw",
    },
    "fr": {
        "le",
        "la",
        "les",
        "je",
        "mes",
        "de",
        "et",
        "pas",
        "des",
        "vous",
        "votre",
        "données",
        "mon",
        "une",
    },
    "en": {"the", "a", "i", "my", "of", "and", "not", "please", "want", "with", "data", "you", "your", "to"},
}

# Word stems per right, in nl, fr and en. A stem matches the start of a word.
RIGHT_KEYWORDS = {
    "access": (
        "inzage",
        "inzien",
        "kopie",
        "accès",
        "acces",
        "copie",
        "access",
        "copy of",
        "article 15",
        "artikel 15",
    ),
    "rectification": ("rectific", "verbeter", "corrig", "correct", "wijzig", "artikel 16", "article 16"),
    "erasure": (
        "verwijder",
        "wissen",
        "gewist",
        "effac",
        "supprim",
        "erase",
        "erasure",
        "delete",
        "vergeten",
        "oubli",
        "forgotten",
        "artikel 17",
        "article 17",
    ),
    "restriction": ("beperk", "limitation", "restrict", "artikel 18", "article 18"),
    "portability": ("overdraag", "portabilit", "artikel 20", "article 20"),
    "objection": ("bezwaar", "oppos", "object", "artikel 21", "article 21"),
    "consent_withdrawal": ("toestemming in", "intrek", "retir", "withdraw", "consent"),
}

EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
CUSTOMER_NUMBER = re.compile(
    r"(?:klantnummer|klantnr|numéro de client|n° client|no client|customer number|customer no|"
    r"account number|referentie|référence|reference)\s*[:.#]?\s*([A-Z0-9][A-Z0-9-]{3,29})",
    re.IGNORECASE,
)
# A case reference as cases/ makes them: two groups of four of Crockford's base-32 (no I, L, O, U).
CASE_REFERENCE = re.compile(r"\b([0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\b")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass
class Triage:
    language: str
    rights: dict[str, list[str]] = field(default_factory=dict)  # right -> the words that suggested it
    emails: list[str] = field(default_factory=list)
    customer_numbers: list[str] = field(default_factory=list)


def triage(subject: str, text: str, sender: str, default_language: str = "en") -> Triage:
    words = subject + "\n" + text
    return Triage(
        language=guess_language(words, default_language),
        rights=suggest_rights(words),
        emails=_unique([sender, *EMAIL.findall(text)])[:10] if sender else _unique(EMAIL.findall(text))[:10],
        customer_numbers=_unique(CUSTOMER_NUMBER.findall(words))[:5],
    )


def guess_language(text: str, default: str = "en") -> str:
    counts = {lang: 0 for lang in LANGUAGE_WORDS}
    for word in WORD.findall(text.lower()[:20_000]):
        for lang, common in LANGUAGE_WORDS.items():
            counts[lang] += word in common
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] > 0 else default


def suggest_rights(text: str) -> dict[str, list[str]]:
    lowered = " " + " ".join(text.lower().split())[:50_000]
    found: dict[str, list[str]] = {}
    for right, stems in RIGHT_KEYWORDS.items():
        hits = [stem for stem in stems if re.search(r"[\s(\"'«]" + re.escape(stem), lowered)]
        if hits:
            found[right] = hits
    return found


def case_references(text: str) -> list[str]:
    return _unique(CASE_REFERENCE.findall(text.upper()))


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        key = item.strip()
        if key and key.lower() not in {k.lower() for k in seen}:
            seen[key] = None
    return list(seen)
