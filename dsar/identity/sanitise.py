"""Turn an untrusted upload into a clean image, or refuse it with a reason the person understands.

security.md A: the type is decided by content (magic bytes and a full parse), never by the name or
Content-Type; only JPEG, PNG and PDF; Pillow opens with a ``formats=`` allowlist so no other decoder
(TIFF, EPS, FITS, ...) ever sees the bytes (U-03, Pillow handbook); decompression bombs are errors
(U-05); images are rebuilt from raw pixels and saved anew, so EXIF/GPS, ICC, comments, text chunks
and trailing bytes (polyglots) cannot survive (U-04, U-07); PDFs are rasterised to an image, so no
script, form or attachment survives, and those carrying scripts or attachments are refused
outright (U-08, the stricter option).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from dsar.core import pdf_content
from dsar.core.storage.content import detect

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # security.md U-01: per-file cap
MAX_PIXELS = 40_000_000  # security.md U-05 (our choice there): a phone photo is well below
MAX_SIDE = 10_000
OUTPUT_MAX_SIDE = 2400  # names and dates stay legible; a smaller file to encrypt and keep
OUTPUT_QUALITY = 90
PDF_RENDER_DPI = 200
PDF_MAX_PAGES = 1  # the front side only (rules.md 5.3)

_PDF_REFUSALS = {"active": "pdf_active", "encrypted": "pdf_encrypted", "unreadable": "unreadable"}

ACCEPTED = frozenset({"jpeg", "png", "pdf"})  # by content, from the store's one magic-byte table


class RejectedUpload(Exception):
    """The upload is refused; ``code`` selects the message shown to the person."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class CleanImage:
    data: bytes  # a freshly encoded JPEG, nothing of the upload's bytes but its pixels
    width: int
    height: int
    source: str  # "jpeg", "png" or "pdf"


def sniff(data: bytes) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise RejectedUpload("too_large")
    if len(data) < 8:
        raise RejectedUpload("empty")
    found = detect(data, ACCEPTED)
    if found is None:
        raise RejectedUpload("type")
    return found.kind


def sanitise(data: bytes) -> CleanImage:
    kind = sniff(data)
    image = _open_pdf(data) if kind == "pdf" else _open_image(data, kind)
    return _reencode(image, kind)


def _open_image(data: bytes, kind: str) -> Image.Image:
    formats = ["JPEG"] if kind == "jpeg" else ["PNG"]
    try:
        with warnings.catch_warnings():
            # Pillow warns at MAX_IMAGE_PIXELS and raises at twice that: the warning is our error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=formats)
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise RejectedUpload("too_many_pixels")
            if getattr(image, "n_frames", 1) > 1:
                raise RejectedUpload("animated")  # APNG: frames are another way to flood memory
            image.load()
            return ImageOps.exif_transpose(image)  # orientation applied before metadata goes
    except RejectedUpload:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise RejectedUpload("too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise RejectedUpload("unreadable") from exc


def _open_pdf(data: bytes) -> Image.Image:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        # The names parsed as a reader sees them (escapes such as /J#53 decoded, object streams
        # opened); pdfium's own counters below are a second opinion at the document level.
        pdf_content.check(data)
    except pdf_content.PdfRefused as exc:
        raise RejectedUpload(_PDF_REFUSALS[exc.code]) from exc
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RejectedUpload("pdf_encrypted" if "password" in str(exc).lower() else "unreadable") from exc
    try:
        if pdfium_c.FPDFDoc_GetJavaScriptActionCount(document.raw) > 0:
            raise RejectedUpload("pdf_active")
        if pdfium_c.FPDFDoc_GetAttachmentCount(document.raw) > 0:
            raise RejectedUpload("pdf_active")
        pages = len(document)
        if pages == 0:
            raise RejectedUpload("unreadable")
        if pages > PDF_MAX_PAGES:
            raise RejectedUpload("pdf_pages")
        page = document[0]
        width_pt, height_pt = page.get_size()
        scale = min(PDF_RENDER_DPI / 72, OUTPUT_MAX_SIDE / max(width_pt, height_pt, 1))
        if width_pt * height_pt * scale * scale > MAX_PIXELS:
            raise RejectedUpload("too_many_pixels")
        bitmap = page.render(scale=scale, may_draw_forms=False)
        return bitmap.to_pil()
    except pdfium.PdfiumError as exc:
        raise RejectedUpload("unreadable") from exc
    finally:
        document.close()


def _reencode(image: Image.Image, kind: str) -> CleanImage:
    """Rebuild the picture from its pixels and save it as a new JPEG: nothing but pixels survives."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    else:
        image = image.convert("RGB")
    pixels = Image.frombytes("RGB", image.size, image.tobytes())  # no info, no palette, no metadata
    if max(pixels.size) > OUTPUT_MAX_SIDE:
        pixels.thumbnail((OUTPUT_MAX_SIDE, OUTPUT_MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    pixels.save(buffer, format="JPEG", quality=OUTPUT_QUALITY, optimize=True)
    return CleanImage(buffer.getvalue(), pixels.width, pixels.height, kind)


def load_clean(data: bytes) -> Image.Image:
    """Open an image this module produced (already clean, but still only as JPEG)."""
    image = Image.open(io.BytesIO(data), formats=["JPEG"])
    image.load()
    return image
