"""Source locations at rest: AES-256-GCM with the same key ring as ID copies (dsar.core.crypto).

A database URL may carry a password, so it is never stored or shown in clear. The associated data
binds a sealed location to its purpose, so a sealed ID copy can never be read as a URL or back."""

from __future__ import annotations

import os

from flask import current_app
from sqlalchemy import select
from sqlalchemy.engine import make_url

from dsar.core import crypto
from dsar.core.crypto import key_ring
from dsar.core.db import db
from dsar.exports.models import DataSource

MAGIC = b"DSRC1"
AAD = b"dsar.data-source.location"


def seal(text: str) -> bytes:
    return crypto.seal(key_ring(current_app.config), text.encode(), MAGIC, lambda _key_id: AAD)


def unseal(blob: bytes) -> str:
    return crypto.unseal(key_ring(current_app.config), blob, MAGIC, lambda _key_id: AAD).decode()


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-seal every data source's location under the newest key (security.md S-04)."""
    current = key_ring(current_app.config).current
    todo = [
        source
        for source in db.session.scalars(select(DataSource).order_by(DataSource.id))
        if crypto.key_id_of(source.location_sealed, MAGIC) != current
    ]
    for source in todo:
        source.location_sealed = seal(unseal(source.location_sealed))
    db.session.commit()
    echo(f"data source locations: re-sealed {len(todo)}")
    return len(todo)


def hint_for(kind: str, location: str) -> str:
    """What staff see of a location: the URL without its password, or the file's name."""
    if kind != "sql":
        return os.path.basename(location)[:200]
    try:
        return make_url(location).render_as_string(hide_password=True)[:200]
    except Exception:
        return "?"
