"""Anchors of the audit trail: its head, written down where the database cannot reach it.

The HMAC chain (audit.py) shows that an entry was changed, inserted or removed *inside* the trail. It
cannot show that the tail was cut off and the head row reset to the last entry left, nor that the
whole trail was rebuilt by someone holding the key (security.md Z-05: "ship the verified head
off-box, so the attacker never controls the only copy"). An anchor is one line,

    dsar-audit-anchor v1 count=<entries> mac=<MAC of the last one> at=<UTC time> tag=<HMAC>

authenticated with the audit key. ``flask dsar audit verify --anchor "<line>"`` then fails unless the
trail still holds that entry at that place. The periodic tick writes one a day to an append-only
file in ``DSAR_AUDIT_ANCHOR_DIR`` and mails it to ``DSAR_DPO_EMAIL``; a trail that no longer
verifies gets an alarm line and an alarm mail instead (GDPR Art. 5(2): the controller must be able
to prove what it did).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from flask import current_app

from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.core.mail import queue_mail

log = logging.getLogger(__name__)

PREFIX = "dsar-audit-anchor"
ALARM = "dsar-audit-alarm"
VERSION = "v1"
FILE_NAME = "audit-anchors.log"
_LINE = re.compile(
    rf"^{PREFIX} {VERSION} count=(?P<count>\d+) mac=(?P<mac>[0-9a-f]{{64}}) "
    r"at=(?P<at>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) tag=(?P<tag>[0-9a-f]{64})$"
)
_AT = re.compile(r" at=(\d{4}-\d\d-\d\d)T")


class AnchorError(ValueError):
    """The line is no authentic anchor, or the trail cannot be anchored; the message says why."""


@dataclass(frozen=True)
class Anchor:
    count: int
    mac: str
    at: datetime


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(key: bytes, count: int, mac: str, stamp: str) -> str:
    # Its own message prefix: an anchor tag can never pass for a MAC of the chain, nor the reverse.
    message = f"{PREFIX}|{VERSION}|{count}|{mac}|{stamp}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def format_anchor(key: bytes, anchor: Anchor) -> str:
    stamp = _stamp(anchor.at)
    tag = _tag(key, anchor.count, anchor.mac, stamp)
    return f"{PREFIX} {VERSION} count={anchor.count} mac={anchor.mac} at={stamp} tag={tag}"


def parse_anchor(key: bytes, line: str) -> Anchor:
    """The anchor a line names, or AnchorError when it is malformed or not made with this key."""
    match = _LINE.match(line.strip())
    if match is None:
        raise AnchorError(f"not an audit anchor line (expected '{PREFIX} {VERSION} count=... tag=...')")
    count, mac, stamp = int(match["count"]), match["mac"], match["at"]
    if not hmac.compare_digest(match["tag"], _tag(key, count, mac, stamp)):
        raise AnchorError("the anchor is not authentic: it was altered or made with another audit key")
    return Anchor(count, mac, datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC))


def take_anchor() -> str:
    """An anchor line for the trail as it stands, after checking the whole chain: anchoring a trail
    that was already tampered with would vouch for the tampering."""
    verdict = audit.verify()
    if not verdict.ok:
        where = f"entry {verdict.first_bad_id}" if verdict.first_bad_id else "the end of the trail"
        raise AnchorError(f"audit trail broken at {where}: {verdict.problem}; no anchor taken")
    return format_anchor(audit.audit_key(), Anchor(verdict.checked, verdict.last_mac, utcnow()))


def anchor_dir() -> Path:
    return Path(
        current_app.config["AUDIT_ANCHOR_DIR"] or Path(current_app.config["UPLOAD_DIR"]) / "audit-anchors"
    )


def write_daily_anchor() -> str | None:
    """Periodic: once a UTC day, append an anchor (or an alarm) to the file and mail it to the DPO.
    Idempotent: the day of the file's last line says whether today's is written."""
    path = anchor_dir() / FILE_NAME
    today = utcnow().date()
    if last_written_day(path) == today:
        return None
    try:
        line, problem = _take_anchor_twice(), None
    except AnchorError as exc:
        line, problem = f"{ALARM} {VERSION} at={_stamp(utcnow())} problem={exc}", str(exc)
        log.error("audit trail failed its daily verification: %s", exc)
    append_line(path, line)
    _mail_dpo(line, today, problem)
    return line


def _take_anchor_twice() -> str:
    """An entry appended between the walk and the reading of the head row looks like a cut tail
    for a moment; a second walk tells that race from tampering before the DPO is alarmed."""
    try:
        return take_anchor()
    except AnchorError:
        db.session.rollback()  # a fresh snapshot for the second walk
        return take_anchor()


def last_written_day(path: Path) -> date | None:
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, path.stat().st_size - 4096))
            tail = handle.read().decode("utf-8", "replace").strip().splitlines()
    except FileNotFoundError:
        return None
    found = _AT.search(tail[-1]) if tail else None
    return date.fromisoformat(found.group(1)) if found else None


def append_line(path: Path, line: str) -> None:
    """O_APPEND, owner-only, flushed to disk: the file only ever grows (make it ``chattr +a``)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def _mail_dpo(line: str, day: date, problem: str | None) -> None:
    address = current_app.config["DPO_EMAIL"]
    if not address:
        log.warning("DSAR_DPO_EMAIL is not set: the audit anchor of %s is only in %s", day, anchor_dir())
        return
    queue_mail(
        address,
        "audit_anchor",
        current_app.config["DEFAULT_LANGUAGE"],
        line=line,
        day=day,
        problem=problem,
        organisation=current_app.config["ORGANISATION_NAME"],
    )
    db.session.commit()
