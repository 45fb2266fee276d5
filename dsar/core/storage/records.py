"""The columns every table of stored files shares, and how a new row's facts are read off the bytes:
an opaque public id for links, the blob's random name and key id in the store, a display name that
is safe to show and offer on download, the type decided from the content, the size and SHA-256."""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.storage.store import new_name


class StoredFileColumns:
    """Mixed into a feature's table of files kept in the store (case attachments, mail parts)."""

    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    storage_key: Mapped[str] = mapped_column(String(32), unique=True)
    key_id: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))


def clean_display_name(name: str | None, extension: str) -> str:
    """A name to show and to offer on download: no path, no control characters, bounded length;
    the extension is the one the content decided (security.md U-03), never the one sent."""
    base = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '/\\"').strip(" .")
    stem = base.rsplit(".", 1)[0][:80] or "file"
    return f"{stem}.{extension}"


def new_file_facts(data: bytes, name: str | None, content_type: str, extension: str) -> dict:
    """The StoredFileColumns of a new row; key_id is filled in once the blob is written."""
    return {
        "public_id": secrets.token_hex(16),
        "storage_key": new_name(),
        "key_id": "",
        "display_name": clean_display_name(name, extension),
        "content_type": content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
