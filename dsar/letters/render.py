"""The letter as a PDF (reportlab platypus): A4, the organisation's letterhead, the case reference and
"page x of y" on every page.

reportlab's ``Paragraph`` reads its text as markup: an ``<img src=...>`` in a name would make it fetch
a URL, a ``<font>`` would restyle the letter, a stray ``&`` would crash it (security.md V-05). So every
value goes through ``markup_safe`` (control characters out, then XML escaping) and the only markup
in a paragraph is the bold label this module adds itself.

Fonts are TTFs that arrive with installed packages, embedded (subset) in the PDF, never downloaded:
DejaVu Sans from the opencv-python wheel (already a requirement of dsar/identity), which also covers
the Polish, Czech, Romanian and Turkish letters of many requesters' names; else the Bitstream Vera
inside reportlab itself (Western European letters and the euro sign)."""

from __future__ import annotations

import importlib.util
import io
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from dsar.letters.model import Letter
from dsar.letters.texts import text

# No remote or local resource is ever fetched while rendering (security.md V-05).
rl_config.trustedHosts = []

FONT, FONT_BOLD = "LetterSans", "LetterSans-Bold"
VERA = (
    Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
    Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
)
MARGIN = 20 * mm

# C0/C1 controls, bidi overrides and lone surrogates: invisible, or able to reorder what is read.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def markup_safe(value: str) -> str:
    """A user-supplied value as literal paragraph text: line breaks kept, everything else inert."""
    text = unicodedata.normalize("NFC", _UNSAFE.sub("", str(value)).replace("\t", " "))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(escape(line, {'"': "&quot;", "'": "&#39;"}) for line in lines)


def font_files() -> tuple[Path, Path]:
    """(regular, bold): DejaVu Sans where a package ships it, else reportlab's own Vera."""
    spec = importlib.util.find_spec("cv2")  # located, not imported
    for root in (spec.submodule_search_locations or []) if spec else []:
        regular, bold = (
            Path(root, "qt", "fonts", "DejaVuSans.ttf"),
            Path(root, "qt", "fonts", "DejaVuSans-Bold.ttf"),
        )
        if regular.is_file() and bold.is_file():
            return regular, bold
    return VERA


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("para", fontName=FONT, fontSize=10, leading=14, spaceAfter=6, splitLongWords=1)
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=10),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11, spaceBefore=8),
        "para": base,
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceAfter=2),
        "field": ParagraphStyle("field", base, leftIndent=12, spaceAfter=3),
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, spaceAfter=0),
        "right": ParagraphStyle("right", base, fontSize=9, leading=12, spaceAfter=0, alignment=TA_RIGHT),
    }


def render_pdf(letter: Letter) -> bytes:
    """The PDF bytes of ``letter``; every text in it is escaped here."""
    _register_fonts()
    styles = _styles()
    story = [Paragraph(markup_safe(line), styles["small"]) for line in letter.sender]
    story.append(Spacer(1, 8 * mm))
    story += [Paragraph(markup_safe(line), styles["small"]) for line in letter.recipient]
    story.append(Spacer(1, 6 * mm))
    story += [Paragraph(markup_safe(line), styles["right"]) for line in letter.meta]
    story += [Spacer(1, 6 * mm), Paragraph(markup_safe(letter.title), styles["title"])]
    for block in letter.blocks:
        text = markup_safe(block.text)
        if block.label:
            text = f"<b>{markup_safe(block.label)}</b> {text}"
        bullet = "\u2022" if block.style == "bullet" else None
        story.append(Paragraph(text, styles[block.style], bulletText=bullet))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=_plain(letter.title),
        author=_plain(letter.sender[0]),
        lang=letter.language,
    )
    document.build(story, canvasmaker=_numbered_canvas(letter))
    return buffer.getvalue()


def _plain(value: str) -> str:
    """Document metadata: no markup is parsed there, but no control characters either."""
    return _UNSAFE.sub("", value)[:200]


def _numbered_canvas(letter: Letter):
    """A canvas that writes the footer once the page count is known ("page x of y")."""
    page_text = text(letter.language, "page")
    footer = _plain(letter.footer)

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.drawString(MARGIN, 12 * mm, footer[:120])
                self.drawRightString(A4[0] - MARGIN, 12 * mm, page_text % {"page": number, "pages": total})
                super().showPage()
            super().save()

    return NumberedCanvas
