"""The inspection catches what must be blacked out (rules.md 5.3) on synthetic Belgian and Dutch
documents, flat scans and phone photos, images and PDFs, and passes properly redacted copies.

Every card is generated here (never a real document); the face is scikit-image's public-domain
astronaut portrait. Each field is shown alone, so each detector is proven on its own."""

from __future__ import annotations

import pytest

from dsar.identity import inspection, sanitise
from tests.identity import cards

ALL = set(cards.FIELDS)
FLAG = {
    "photo": "face_visible",
    "document_number": "document_number_visible",
    "national_number": "national_number_visible",
    "mrz": "mrz_visible",
}


def inspect_bytes(data: bytes) -> dict[str, bool]:
    clean = sanitise.sanitise(data)
    return inspection.inspect(sanitise.load_clean(clean.data)).flags()


def expected(layout: str, shown: set[str]) -> dict[str, bool]:
    present = set(cards.make(layout).regions)
    flags = {FLAG[name]: name in shown and name in present for name in cards.FIELDS}
    flags["properly_redacted"] = not any(flags.values())
    return flags


CASES = [
    # (layout, fields left visible, how it was captured)
    ("be_eid", set(), "scan"),
    ("be_eid", {"photo"}, "scan"),
    ("be_eid", {"document_number"}, "scan"),  # Belgian card number, mod 97
    ("be_eid", {"national_number"}, "scan"),  # rijksregisternummer, mod 97
    ("nl_id", {"national_number"}, "scan"),  # BSN, 11-check
    ("nl_passport", {"mrz"}, "scan"),
    ("nl_passport", ALL, "scan"),
    ("be_eid", ALL, "phone"),
    ("nl_id", set(), "phone"),
    ("be_eid", ALL, "pdf"),
    ("nl_passport", set(), "pdf"),
]


def capture(layout: str, shown: set[str], how: str) -> bytes:
    card = cards.make(layout, hidden=ALL - shown)
    if how == "phone":
        angle = {"be_eid": 4, "nl_passport": -6, "nl_id": 7}[layout]
        return cards.to_jpeg(cards.phone_photo(card.image, angle=angle, seed=len(shown)), quality=80)
    if how == "pdf":
        return cards.to_pdf(card.image)
    return cards.to_png(card.image)


@pytest.mark.parametrize(
    ("layout", "shown", "how"),
    CASES,
    ids=[f"{c[0]}-{c[2]}-{'+'.join(sorted(c[1])) or 'redacted'}" for c in CASES],
)
def test_what_is_still_visible_is_found_and_nothing_else(layout, shown, how):
    assert inspect_bytes(capture(layout, shown, how)) == expected(layout, shown)
