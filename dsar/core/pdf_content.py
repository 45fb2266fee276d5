"""Does a PDF carry active content? Decided by parsing its names, never by matching bytes.

security.md U-08: scripts, launch actions, embedded files, rich media and XFA forms are refused in
every uploaded PDF, with or without a malware scanner. A PDF name may spell any character as ``#hh``
(ISO 32000-1 7.3.5), so ``/J#53`` *is* ``/JS`` and ``/Laun#63h`` *is* ``/Launch`` to every reader: a
byte search for ``/JS`` misses both. Two passes read the names as a PDF reader does:

- every name token in the raw bytes outside stream data, escapes decoded: this sees objects that no
  cross-reference table lists (a reader that repairs the file may still find them); stream data
  (images, fonts) is skipped, where random bytes would spell a name by chance;
- every object pypdf finds through the cross-reference tables, compressed object streams included
  (their names never appear in the raw bytes).

An encrypted PDF is refused: its object streams cannot be read without the password, so it cannot
be checked.
"""

from __future__ import annotations

import io
import logging
import re

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

log = logging.getLogger(__name__)

# Names that make a viewer run code, start a program, submit or import data, or carry a payload.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
MAX_OBJECTS = 100_000  # our choice: a letter or a scan has a few hundred; more is a parsing DoS
# A name token: a solidus and the regular characters after it (ISO 32000-1 7.2.2 delimiters).
_NAME_TOKEN = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]<>(){}%]*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


class PdfRefused(ValueError):
    """``code`` is "active", "encrypted" or "unreadable"."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def decode_name(raw: bytes) -> str:
    """``J#53`` -> ``/JS``: a name as every PDF reader sees it."""
    plain = _ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)
    return "/" + plain.decode("latin-1")


def check(data: bytes) -> None:
    """Raise PdfRefused unless the PDF is readable, unencrypted and free of active content."""
    _check_name_tokens(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfRefused("encrypted")
        _check_objects(reader)
    except PdfRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        # The check must not pass a file it could not read through: refuse, do not guess.
        raise PdfRefused("unreadable", type(exc).__name__) from exc


def _check_name_tokens(data: bytes) -> None:
    for match in _NAME_TOKEN.finditer(_STREAM_DATA.sub(b" ", data)):
        name = decode_name(match.group(1))
        if name in ACTIVE_NAMES:
            raise PdfRefused("active", name)


def _check_objects(reader: PdfReader) -> None:
    _check_value(reader.trailer)
    references = [(number, generation) for generation, table in reader.xref.items() for number in table]
    references += [(number, 0) for number in reader.xref_objStm]
    if len(references) > MAX_OBJECTS:
        raise PdfRefused("unreadable", f"{len(references)} objects")
    for number, generation in references:
        _check_value(reader.get_object(IndirectObject(number, generation, reader)))


def _check_value(value, depth: int = 0) -> None:
    """Walk one object's direct contents; indirect references are checked as objects of their own."""
    if depth > 100:
        raise PdfRefused("unreadable", "nesting")
    if isinstance(value, NameObject):
        if value in ACTIVE_NAMES:
            raise PdfRefused("active", str(value))
    elif isinstance(value, DictionaryObject):
        for key, item in value.items():
            if key in ACTIVE_NAMES:
                raise PdfRefused("active", str(key))
            if not isinstance(item, IndirectObject):
                _check_value(item, depth + 1)
    elif isinstance(value, ArrayObject):
        for item in value:
            if not isinstance(item, IndirectObject):
                _check_value(item, depth + 1)
