"""The tamper-evident audit trail (GDPR Art. 5(2): the organisation must be able to prove what it did).

Every entry carries mac_n = HMAC(key, mac_{n-1} || canonical(entry)), with a key kept apart from the
database (DSAR_AUDIT_KEY). Changing, removing or inserting a row breaks the chain from that row on,
and ``flask dsar audit verify`` names the first bad entry. Appends are serialised through one head
row, so concurrent writers still form a single chain. This makes tampering detectable, not impossible:
the verified head is shipped off the machine daily as an anchor (audit_anchor.py), which catches a cut
tail with a reset head row, and a trail rebuilt with the key."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_request_context, request
from sqlalchemy import JSON, String, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from dsar.core.audit_anchor import Anchor

GENESIS = "0" * 64


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # date filters on the trail page
    actor_id: Mapped[int | None] = mapped_column()
    ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):
    """One row: how many entries the chain has and its last MAC (detects removal of the tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    last_mac: Mapped[str] = mapped_column(String(64), default=GENESIS)


def canonical(entry: AuditEntry) -> bytes:
    fields = [entry.at.isoformat(), entry.actor_id, entry.ip, entry.action, entry.case_id, entry.detail]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_mac(key: bytes, prev_mac: str, entry: AuditEntry) -> str:
    return hmac.new(key, prev_mac.encode() + canonical(entry), hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    return current_app.config["AUDIT_KEY"].encode()


def _lock_head() -> AuditHead:
    """Take the head row's write lock first (PostgreSQL row lock, SQLite write lock) so that no
    other writer reads the same last MAC."""
    head = _locked_head()
    if head is None:  # an empty trail: create the head once, whoever gets there first
        try:
            with db.session.begin_nested():
                db.session.add(AuditHead(id=1, count=0, last_mac=GENESIS))
        except IntegrityError:
            pass
        head = _locked_head()
    return head


# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends to the chain.
AUDIT_LOCK_KEY = 5_203_121


def _locked_head() -> AuditHead | None:
    if db.session.get_bind().dialect.name == "postgresql":
        # Held until commit: one append at a time, including the creation of the head row.
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(count=AuditHead.count))
    query = select(AuditHead).where(AuditHead.id == 1).execution_options(populate_existing=True)
    return db.session.scalar(query)


def _ip_for(actor_id: int | None, case_id: int | None) -> str | None:
    """The address of a staff member, or of an event that concerns no case (a failed sign-in).

    Not the address of a requester or client controller acting on a case through a signed link: it
    would be personal data of the case, which the retention purge must be able to remove after the
    period of rules 6.2, while an entry of the chain can never change without breaking it. So the
    trail holds no personal data of the data subject, and stays verifiable after every purge."""
    if not has_request_context() or (case_id is not None and actor_id is None):
        return None
    return request.remote_addr


def record(action: str, actor_id: int | None = None, case_id: int | None = None, **detail) -> AuditEntry:
    """Append an entry in the caller's transaction. ``detail`` holds codes and ids, never the
    substance of a request (security.md 16.3.2: log access without logging the data)."""
    head = _lock_head()
    entry = AuditEntry(
        at=utcnow(),
        actor_id=actor_id,
        ip=_ip_for(actor_id, case_id),
        action=action,
        case_id=case_id,
        detail=detail,
        prev_mac=head.last_mac,
    )
    entry.mac = compute_mac(audit_key(), head.last_mac, entry)
    db.session.add(entry)
    head.count += 1
    head.last_mac = entry.mac
    return entry


@dataclass
class Verdict:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str | None = None
    last_mac: str = GENESIS  # the MAC of the last entry checked: what an anchor records


def verify(batch: int = 1000, anchor: Anchor | None = None) -> Verdict:
    """Walk the chain in id order, recomputing every MAC; with an anchor, the entry at the anchor's
    place must be the one it names."""
    key, prev, checked, last_id = audit_key(), GENESIS, 0, 0
    while True:
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).all()
        for entry in rows:
            if entry.prev_mac != prev:
                return Verdict(
                    False, checked, entry.id, "does not follow the previous entry (removed or inserted)"
                )
            if not hmac.compare_digest(entry.mac, compute_mac(key, prev, entry)):
                return Verdict(False, checked, entry.id, "was changed")
            prev, checked, last_id = entry.mac, checked + 1, entry.id
            if anchor and checked == anchor.count and not hmac.compare_digest(prev, anchor.mac):
                return Verdict(False, checked - 1, entry.id, _not_anchored(anchor))
        if len(rows) < batch:
            break
    if anchor and checked < anchor.count:
        return Verdict(False, checked, None, _cut_below(anchor, checked))
    head = db.session.get(AuditHead, 1)
    if head and (head.count != checked or head.last_mac != prev):
        return Verdict(False, checked, None, "entries were removed from the end of the trail")
    return Verdict(True, checked, last_mac=prev)


def _not_anchored(anchor: Anchor) -> str:
    return (
        f"is not entry {anchor.count} of the anchor of {anchor.at:%Y-%m-%d %H:%M} UTC "
        "(the trail was rewritten)"
    )


def _cut_below(anchor: Anchor, checked: int) -> str:
    return (
        f"the trail holds {checked} entries, the anchor of {anchor.at:%Y-%m-%d %H:%M} UTC "
        f"names {anchor.count} (entries were removed)"
    )
