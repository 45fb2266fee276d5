"""Synthetic identity documents for the tests and the benchmark (never real documents).

Belgian eID front and Dutch passport data page / identity card layouts drawn with Pillow. The photo is
the public-domain astronaut portrait that ships in the scikit-image wheel. Each sensitive field
(photo, document number, national number, MRZ) can be shown or blacked out, and a card can be
"photographed": put on a table, slightly rotated and saved as a JPEG, as a phone camera would.
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FIELDS = ("photo", "document_number", "national_number", "mrz")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
_SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(path: str, size: int):
    if os.path.exists(path):
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def face_photo(size: tuple[int, int], grey: bool = False) -> Image.Image:
    """The astronaut's head and shoulders, cropped like a passport photo (Belgian eID photos are
    printed in black and white)."""
    import skimage.data

    portrait = Image.fromarray(skimage.data.astronaut()).crop((150, 10, 300, 210))
    if grey:
        portrait = portrait.convert("L").convert("RGB")
    return portrait.resize(size, Image.Resampling.LANCZOS)


# --- check digits, so the numbers on the cards are the real thing for the detector ---------------


def belgian_national_number(born: str, serial: str) -> str:
    """born = YYMMDD, serial = 3 digits; 1900s births (rules: mod 97 of the first nine digits)."""
    base = int(born + serial)
    return f"{born[:2]}.{born[2:4]}.{born[4:]}-{serial}.{97 - base % 97:02d}"


def belgian_card_number(first10: str) -> str:
    check = int(first10) % 97 or 97
    return f"{first10[:3]}-{first10[3:]}-{check:02d}"


def bsn(first8: str) -> str:
    total = sum(int(d) * w for d, w in zip(first8, range(9, 1, -1), strict=True))
    for last in range(10):
        if (total - last) % 11 == 0:
            return first8 + str(last)
    raise ValueError("no valid BSN with these eight digits")


def mrz_check(text: str) -> str:
    values = {c: i for i, c in enumerate("0123456789")}
    values.update({chr(ord("A") + i): 10 + i for i in range(26)})
    values["<"] = 0
    return str(sum(values[c] * w for c, w in zip(text, [7, 3, 1] * 20, strict=False)) % 10)


@dataclass
class Card:
    layout: str  # "be_eid", "nl_passport", "nl_id"
    hidden: set[str] = field(default_factory=set)
    image: Image.Image | None = None
    regions: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)


def _draw_black(draw, box, pad=6):
    x0, y0, x1, y1 = box
    draw.rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill="black")


def _text(draw, xy, text, font, fill=(20, 20, 40)):
    draw.text(xy, text, font=font, fill=fill)
    return draw.textbbox(xy, text, font=font)


def _union(*boxes):
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _background(size, tint):
    img = Image.new("RGB", size, tint)
    draw = ImageDraw.Draw(img)
    rng = random.Random(7)
    for _ in range(60):  # a faint guilloche-like pattern, as printed security backgrounds have
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(40, 200)
        shade = tuple(max(0, c - 18) for c in tint)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=shade, width=1)
    return img


def belgian_eid(hidden=()) -> Card:
    card = Card("be_eid", set(hidden))
    img = _background((1012, 638), (222, 236, 228))
    draw = ImageDraw.Draw(img)
    small, label, value = _font(_SANS, 17), _font(_SANS, 19), _font(_SANS_BOLD, 28)
    _text(draw, (30, 18), "BELGIË  BELGIQUE  BELGIEN  BELGIUM", _font(_SANS_BOLD, 26))
    _text(draw, (30, 54), "IDENTITEITSKAART  CARTE D'IDENTITÉ  IDENTITY CARD", small)
    photo_box = (30, 110, 300, 450)
    img.paste(
        face_photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1]), grey=True), photo_box[:2]
    )
    card.regions["photo"] = photo_box
    rows = [
        ("Naam / Nom / Name", "PEETERS"),
        ("Voornamen / Prénoms / Given names", "An Maria"),
        ("Geslacht / Sexe / Sex", "V/F"),
        ("Nationaliteit / Nationalité / Nationality", "Belg"),
        ("Geboortedatum / Date de naissance", "30 JUL/JUIL 1985"),
    ]
    y = 104
    for caption, text in rows:
        _text(draw, (330, y), caption, label)
        _text(draw, (330, y + 22), text, value)
        y += 66
    _text(draw, (330, y), "Kaartnummer / N° de carte / Card No", label)
    card.regions["document_number"] = _text(draw, (330, y + 22), belgian_card_number("5921234567"), value)
    _text(draw, (700, y), "Geldig tot / Valable jusqu'au", label)
    _text(draw, (700, y + 22), "14.03.2031", value)
    _text(draw, (30, 480), "Rijksregisternr. / N° registre national", label)
    card.regions["national_number"] = _text(draw, (30, 504), belgian_national_number("850730", "033"), value)
    _text(draw, (30, 580), "Handtekening / Signature", small)
    draw.line((250, 600, 420, 585), fill=(30, 30, 90), width=3)
    card.image = img
    _hide(card)
    return card


def _td3_mrz() -> list[str]:
    number, dob, expiry, personal = "SPECI2014", "650310", "240115", "999999990"
    line2 = f"{number}{mrz_check(number)}NLD{dob}{mrz_check(dob)}F{expiry}{mrz_check(expiry)}"
    line2 += f"{personal}<<<<<{mrz_check(personal + '<<<<<')}"
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 += mrz_check(composite)
    return ["P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<", line2]


def dutch_passport(hidden=()) -> Card:
    card = Card("nl_passport", set(hidden))
    img = _background((1250, 880), (236, 226, 232))
    draw = ImageDraw.Draw(img)
    label, value = _font(_SANS, 18), _font(_SANS_BOLD, 26)
    _text(draw, (40, 20), "KONINKRIJK DER NEDERLANDEN   KINGDOM OF THE NETHERLANDS", _font(_SANS_BOLD, 24))
    _text(draw, (40, 56), "PASPOORT / PASSPORT", label)
    photo_box = (40, 110, 330, 480)
    img.paste(face_photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1])), photo_box[:2])
    card.regions["photo"] = photo_box
    _text(draw, (380, 100), "Documentnummer / Document No.", label)
    card.regions["document_number"] = _text(draw, (380, 122), "SPECI2014", value)
    rows = [
        ("Naam / Surname", "DE BRUIJN"),
        ("Voornamen / Given names", "WILLEKE LISELOTTE"),
        ("Nationaliteit / Nationality", "NEDERLANDSE"),
        ("Geboortedatum / Date of birth", "10 MAA/MAR 1965"),
        ("Geldig tot / Date of expiry", "15 JAN/JAN 2024"),
    ]
    y = 170
    for caption, text in rows:
        _text(draw, (380, y), caption, label)
        _text(draw, (380, y + 22), text, value)
        y += 62
    _text(draw, (380, y), "Persoonsnummer / Personal No.", label)
    card.regions["national_number"] = _text(draw, (380, y + 22), "9999.99.990", value)
    mono = _font(_MONO, 34)
    line1, line2 = _td3_mrz()
    box1 = _text(draw, (40, 740), line1, mono, fill=(0, 0, 0))
    box2 = _text(draw, (40, 792), line2, mono, fill=(0, 0, 0))
    card.regions["mrz"] = _union(box1, box2)
    card.image = img
    _hide(card)
    return card


def dutch_id_card(hidden=()) -> Card:
    card = Card("nl_id", set(hidden))
    img = _background((1012, 638), (214, 226, 240))
    draw = ImageDraw.Draw(img)
    label, value = _font(_SANS, 17), _font(_SANS_BOLD, 26)
    _text(draw, (30, 16), "KONINKRIJK DER NEDERLANDEN", _font(_SANS_BOLD, 26))
    _text(draw, (30, 50), "IDENTITEITSKAART / IDENTITY CARD", label)
    photo_box = (30, 96, 280, 420)
    img.paste(face_photo((photo_box[2] - photo_box[0], photo_box[3] - photo_box[1])), photo_box[:2])
    card.regions["photo"] = photo_box
    rows = [
        ("Naam / Surname", "JANSEN"),
        ("Voornamen / Given names", "PIETER JAN"),
        ("Geboortedatum / Date of birth", "01 JAN/JAN 1980"),
        ("Geldig tot / Date of expiry", "01 JAN/JAN 2032"),
    ]
    y = 92
    for caption, text in rows:
        _text(draw, (310, y), caption, label)
        _text(draw, (310, y + 20), text, value)
        y += 58
    _text(draw, (310, y), "Documentnummer / Document no", label)
    card.regions["document_number"] = _text(draw, (310, y + 20), "IXR4K27P3", value)
    _text(draw, (640, y), "BSN / Personal no", label)
    card.regions["national_number"] = _text(draw, (640, y + 20), bsn("12345678"), value)
    mono = _font(_MONO, 30)
    lines = [
        "I<NLDIXR4K27P33123456782<<<<<",
        "8001014M3201011NLD<<<<<<<<<<<4",
        "JANSEN<<PIETER<JAN<<<<<<<<<<<<",
    ]
    boxes = [_text(draw, (40, 470 + 46 * i), line, mono, fill=(0, 0, 0)) for i, line in enumerate(lines)]
    card.regions["mrz"] = _union(*boxes)
    card.image = img
    _hide(card)
    return card


def _hide(card: Card) -> None:
    draw = ImageDraw.Draw(card.image)
    for name in card.hidden & set(card.regions):
        _draw_black(draw, card.regions[name], pad=0 if name == "photo" else 8)


LAYOUTS = {"be_eid": belgian_eid, "nl_passport": dutch_passport, "nl_id": dutch_id_card}


def make(layout: str, hidden=()) -> Card:
    return LAYOUTS[layout](hidden)


def phone_photo(card_image: Image.Image, angle: float = 4.0, seed: int = 1, width: int = 1150) -> Image.Image:
    """The card lying on a table, photographed slightly askew with a phone."""
    rng = random.Random(seed)
    w, h = 1600, 1200
    table = Image.new("RGB", (w, h), (132, 96, 64))
    draw = ImageDraw.Draw(table)
    for y in range(0, h, 6):  # wood grain
        shade = 120 + int(20 * rng.random())
        draw.line(
            (0, y, w, y + rng.randrange(-8, 8)), fill=(shade, int(shade * 0.72), int(shade * 0.48)), width=3
        )
    scale = width / card_image.width
    card = card_image.resize((int(card_image.width * scale), int(card_image.height * scale)))
    card = card.convert("RGBA").rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    x = (w - card.width) // 2 + rng.randrange(-40, 40)
    y = (h - card.height) // 2 + rng.randrange(-30, 30)
    table.paste(card, (x, y), card)
    return table.filter(ImageFilter.GaussianBlur(0.6))


def to_bytes(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def to_png(image: Image.Image) -> bytes:
    return to_bytes(image, "PNG")


def to_jpeg(image: Image.Image, quality: int = 85) -> bytes:
    return to_bytes(image.convert("RGB"), "JPEG", quality=quality)


def to_pdf(image: Image.Image) -> bytes:
    return to_bytes(image.convert("RGB"), "PDF", resolution=200)
