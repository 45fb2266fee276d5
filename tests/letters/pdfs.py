"""Reading generated letters back the way a reader's software does: text with pypdf, pixels with pdfium."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2
from pypdf import PdfReader

from dsar.letters.model import LetterInput, LetterKind, PackageFile, ProcessingEntry, RightOutcome


def pdf_text(pdf: bytes) -> str:
    """All text, whitespace collapsed (a phrase may wrap across lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def ink_in_right_margin(pdf: bytes, margin_fraction: float = 0.06) -> bool:
    """True if anything is drawn in the outer part of the right margin on any page (text overflow)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        for page in document:
            image = page.render(scale=1).to_pil().convert("L")
            width, height = image.size
            strip = image.crop((int(width * (1 - margin_fraction)), 0, width, height))
            if strip.getextrema()[0] < 200:
                return True
        return False
    finally:
        document.close()


def sample_input(kind: LetterKind, language: str = "en", **overrides) -> LetterInput:
    values = dict(
        kind=kind,
        language=language,
        organisation="Brasserie Élégance NV",
        organisation_address=["Rue de l'Été 12", "1000 Brussel"],
        country="BE",
        authority_name="Gegevensbeschermingsautoriteit",
        authority_url="https://www.gegevensbeschermingsautoriteit.be",
        reference="K7QM-3XHD",
        requester_name="Françoise Dewaële",
        requester_email="francoise@example.org",
        receipt_date=date(2026, 2, 2),
        letter_date=date(2026, 2, 20),
        outcomes=[
            RightOutcome(
                "access", "Access", "partly_granted", "Partly granted", "Art. 15(4) GDPR", "Others' data."
            )
        ],
        processing=[],
        package=[PackageFile("orders.csv", 2048, "a" * 64)],
        new_due=date(2026, 5, 4) if kind is LetterKind.EXTENSION else None,
        extension_reason="Data spread across several systems or units",
        extension_note="Three systems to search, invoices cost €1.250,00 to retrieve",
        fee_right="Access",
        fee_amount="25.00",
        fee_reasons="A third copy within two months.",
    )
    values.update(overrides)
    return LetterInput(**values)


INVOICING = ProcessingEntry(
    purpose="Invoicing",
    legal_basis="Art. 6(1)(b) GDPR (contract)",
    categories=["name", "address", "invoices"],
    recipients=["Boekhouding Peeters BV"],
    retention="7 years after the invoice (accounting law)",
    source="",
    automated_decisions="",
    transfers="",
)
