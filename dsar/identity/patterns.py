"""What must be blacked out on an ID copy, recognised in OCR'd text (rules.md 5.3).

Pure functions on strings: no image, no I/O. Numbers are recognised by their check digits where the
document has them (a Belgian national number and card number by mod 97, a Dutch BSN by the
11-check), and by their printed format or the label printed next to them where OCR may have
misread a digit. Nothing recognised here is ever stored: callers keep only yes/no findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NATIONAL_NUMBER = "national_number"
DOCUMENT_NUMBER = "document_number"
MRZ = "mrz"

# Labels printed next to the numbers on Belgian and Dutch documents (nl, fr, de, en), lower case,
# without spaces: OCR often drops the spaces between words.
NATIONAL_LABELS = (
    "rijksregister",
    "registrenational",
    "nationalregister",
    "nationalnumber",
    "bsn",
    "burgerservicenummer",
    "persoonsnummer",
    "personalno",
    "personalnumber",
    "nationalenummer",
)
DOCUMENT_LABELS = (
    "kaartnummer",
    "kaartnr",
    "decarte",
    "cardno",
    "cardnumber",
    "documentnummer",
    "documentno",
    "documentnumber",
    "dudocument",
    "paspoortnummer",
    "paspoortnr",
    "passportno",
    "passportnumber",
    "dupasseport",
    "nummerdesdokuments",
    "kartennummer",
)

_SEPARATORS = re.compile(r"[\s.\-/_,·:]")
_DATE = re.compile(r"^\d{1,2}[.\-/ ]?\d{1,2}[.\-/ ]?(\d{4}|\d{2})$")
_MONTH_DATE = re.compile(r"^\d{1,2}[A-Z]{3}(/[A-Z]{3,4})?\d{2,4}$")
# Belgian national number as printed: YY.MM.DD-SSS.CC
_RRN_PRINTED = re.compile(r"\d{2}\.\d{2}\.\d{2}\s?-\s?\d{3}\.\d{2}")
# Belgian eID card number as printed: 000-0000000-00
_BE_CARD_PRINTED = re.compile(r"\d{3}\s?-\s?\d{7}\s?-\s?\d{2}")
# Dutch document numbers: two letters, six letters or digits, one digit; never the letter O.
_NL_DOCUMENT = re.compile(r"[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9]")
# Passport-style numbers: one or two letters then six to eight digits (e.g. Belgian passports).
_PASSPORT = re.compile(r"[A-Z]{1,2}[0-9]{6,8}")


@dataclass(frozen=True)
class TextHit:
    kind: str  # NATIONAL_NUMBER, DOCUMENT_NUMBER or MRZ
    index: int  # which OCR line it was found in


def normalise(text: str) -> str:
    """Upper case ASCII; OCR's look-alikes of the MRZ filler turned into '<'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.upper().replace("«", "<").replace("‹", "<").replace("＜", "<")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", normalise(text).lower())


# --- check digits ------------------------------------------------------------------------------


def is_belgian_national_number(digits: str) -> bool:
    """Rijksregisternummer: YYMMDD + 3-digit serial + 2 check digits = 97 - (first nine mod 97),
    with a leading 2 prepended for people born from 2000 on. Month may carry +20/+40 (bis numbers)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if month % 20 > 12 or day > 31:
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - (2_000_000_000 + base) % 97)


def is_belgian_card_number(digits: str) -> bool:
    """Belgian eID card number: ten digits and a check of their value mod 97 (97 when 0)."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    return int(digits[10:]) == (int(digits[:10]) % 97 or 97)


def is_bsn(digits: str) -> bool:
    """Dutch citizen service number: the 11-check (9*d1 + 8*d2 + ... + 2*d8 - d9) mod 11 == 0."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def mrz_check_digit(text: str) -> int:
    total = 0
    for position, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif char.isalpha():
            value = ord(char) - ord("A") + 10
        else:
            value = 0
        total += value * (7, 3, 1)[position % 3]
    return total % 10


# --- line classifiers ------------------------------------------------------------------------------


def looks_like_mrz(text: str) -> bool:
    """An MRZ line: only A-Z, 0-9 and the '<' filler, long, with fillers. OCR sometimes splits a
    line in two, so shorter runs with many fillers count as well."""
    line = re.sub(r"\s", "", normalise(text))
    if not re.fullmatch(r"[A-Z0-9<]+", line or "-"):
        return False
    fillers = line.count("<")
    if len(line) >= 25 and fillers >= 2:
        return True
    if len(line) >= 10 and fillers >= 4:
        return True
    return bool(re.match(r"^(I|P|A|C)[<A-Z](BEL|NLD|D<<|FRA|LUX)", line)) and len(line) >= 15


def _digit_runs(text: str) -> list[str]:
    """Digit groups, joining groups split only by the separators printed inside numbers."""
    runs = []
    for chunk in re.split(r"[^0-9.\-/ ]", text):
        digits = re.sub(r"\D", "", chunk)
        if digits:
            runs.append(digits)
    return runs


def national_number_in(text: str) -> bool:
    line = normalise(text)
    if _RRN_PRINTED.search(line):
        return True
    for run in _digit_runs(line):
        for start in range(len(run) - 10):
            if is_belgian_national_number(run[start : start + 11]):
                return True
        if len(run) == 9 and is_bsn(run):
            return True
    return False


def document_number_in(text: str) -> bool:
    line = normalise(text)
    if _BE_CARD_PRINTED.search(line):
        return True
    if any(len(run) == 12 and is_belgian_card_number(run) for run in _digit_runs(line)):
        return True
    for token in re.split(r"[\s<]+", line):
        token = token.strip(".,:;()")
        if len(token) == 9 and _NL_DOCUMENT.fullmatch(token) and sum(c.isdigit() for c in token) >= 2:
            return True
        if _PASSPORT.fullmatch(token):
            return True
    return False


def is_date(token: str) -> bool:
    compact = re.sub(r"\s", "", normalise(token))
    return bool(_DATE.match(compact) or _MONTH_DATE.match(compact))


def code_like(text: str) -> bool:
    """A value that could be a number printed after a label: six or more letters and digits, at
    least three digits, and not a date."""
    compact = _SEPARATORS.sub("", normalise(text))
    if is_date(text) or len(compact) < 6 or len(compact) > 20:
        return False
    return compact.isalnum() and sum(c.isdigit() for c in compact) >= 3


def label_kind(text: str) -> str | None:
    """Which number a printed label announces, if any (national number wins: it is stricter)."""
    squashed = _squash(text)
    if any(label in squashed for label in NATIONAL_LABELS):
        return NATIONAL_NUMBER
    if any(label in squashed for label in DOCUMENT_LABELS):
        return DOCUMENT_NUMBER
    return None


def label_value_in_same_line(text: str) -> str | None:
    """'BSN 123456782' or 'Card No 592-...' read as one line: the value after the label."""
    kind = label_kind(text)
    if kind is None:
        return None
    tail = re.split(r"(?i)(no\.?|nr\.?|nummer|number|carte|bsn|national)\s*[:.]?", normalise(text))[-1]
    return kind if code_like(tail) else None


def classify_lines(texts: list[str]) -> list[TextHit]:
    """Hits found in individual OCR lines (no geometry needed)."""
    hits = []
    for index, text in enumerate(texts):
        if looks_like_mrz(text):
            hits.append(TextHit(MRZ, index))
            continue
        if national_number_in(text):
            hits.append(TextHit(NATIONAL_NUMBER, index))
        if document_number_in(text):
            hits.append(TextHit(DOCUMENT_NUMBER, index))
        kind = label_value_in_same_line(text)
        if kind and not any(hit.index == index and hit.kind == kind for hit in hits):
            hits.append(TextHit(kind, index))
    return hits
