"""What a file is, decided from its bytes against the caller's allow-list (security.md U-03).

One table of magic bytes for the whole portal; the name and Content-Type a client sends never
decide. Text kinds have no magic: they are UTF-8 without NUL bytes. Each feature passes the kinds
it accepts and adds its own deeper checks (a full image parse for ID copies, no active content in
a PDF, no ZIP bomb) and its own refusal wording."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str
    extension: str


# (kind, magic prefix, content type, extension): the one table.
SIGNATURES = (
    ("pdf", b"%PDF-", "application/pdf", "pdf"),
    ("png", b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    ("jpeg", b"\xff\xd8\xff", "image/jpeg", "jpg"),
    ("zip", b"PK\x03\x04", "application/zip", "zip"),
)
MAGIC = {kind: prefix for kind, prefix, _type, _ext in SIGNATURES}
# Text kinds, tried in this order on UTF-8 text: JSON starts with an object or a list.
TEXT_KINDS = {
    "json": ("application/json", "json"),
    "csv": ("text/csv", "csv"),
    "text": ("text/plain; charset=utf-8", "txt"),
}


def detect(data: bytes, allow: set[str] | frozenset[str]) -> Detected | None:
    """The first allowed kind the bytes are, or None (the caller words the refusal)."""
    for kind, prefix, content_type, extension in SIGNATURES:
        if data.startswith(prefix):
            return Detected(kind, content_type, extension) if kind in allow else None
    if b"\x00" in data or not allow & TEXT_KINDS.keys():
        return None
    with contextlib.suppress(UnicodeDecodeError):
        text = data.decode("utf-8")
        looks_json = text.lstrip("\ufeff \t\r\n").startswith(("{", "["))
        for kind in ("json", "csv", "text"):
            if kind in allow and (kind != "json" or looks_json):
                return Detected(kind, *TEXT_KINDS[kind])
    return None
