"""The tamper-evident audit trail (GDPR Art. 5(2): the organisation must be able to prove what it did).

Every entry carries mac_n = HMAC(key, mac_{n-1} || canonical(entry)), with a key kept apart from the
database (DSAR_AUDIT_KEY). Changing, removing or inserting a row breaks the chain from that row on,
and ``flask dsar audit verify`` names the first bad entry. Appends are serialised through one head
row, so concurrent writers still form a single chain. This makes tampering detectable, not impossible:
ship the verified head off the machine regularly: the daily anchor (audit_anchor.py) does, which
catches a cut tail with a reset head row, and a trail rebuilt with the key.

An entry is chained when its transaction commits, not when it is recorded: the head row is locked
only for the commit itself (never across mail rendering or other slow work), once per transaction
whatever the number of entries, and an entry recorded in a savepoint that rolls back is dropped
with it."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app, has_request_context, request
from sqlalchemy import JSON, String, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

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


HEAD = AuditHead.__table__  # written with plain statements: lock and read in one round trip


def canonical(entry: AuditEntry | PendingEntry) -> bytes:
    fields = [entry.at.isoformat(), entry.actor_id, entry.ip, entry.action, entry.case_id, entry.detail]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_mac(key: bytes, prev_mac: str, entry: AuditEntry | PendingEntry) -> str:
    return hmac.new(key, prev_mac.encode() + canonical(entry), hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    return current_app.config["AUDIT_KEY"].encode()


def _lock_head() -> str:
    """Take the head row's write lock first (PostgreSQL row lock, SQLite write lock) so that no
    other writer reads the same last MAC; returns that MAC."""
    last_mac = _locked_head()
    if last_mac is None:  # an empty trail: create the head once, whoever gets there first
        try:
            with db.session.begin_nested():
                db.session.execute(insert(HEAD).values(id=1, count=0, last_mac=GENESIS))
        except IntegrityError:  # (PostgreSQL waits on the unique key until the other one commits)
            pass
        last_mac = _locked_head()
    return last_mac


def _locked_head() -> str | None:
    """Lock and read in one statement, outside the ORM: nothing in the session to reconcile."""
    lock = update(HEAD).where(HEAD.c.id == 1).values(count=HEAD.c.count).returning(HEAD.c.last_mac)
    return db.session.execute(lock).scalar()


def _ip_for(actor_id: int | None, case_id: int | None) -> str | None:
    """The address of a staff member, or of an event that concerns no case (a failed sign-in).

    Not the address of a requester or client controller acting on a case through a signed link: it
    would be personal data of the case, which the retention purge must be able to remove after the
    period of rules 6.2, while an entry of the chain can never change without breaking it. So the
    trail holds no personal data of the data subject, and stays verifiable after every purge."""
    if not has_request_context() or (case_id is not None and actor_id is None):
        return None
    return request.remote_addr


PENDING_KEY = "dsar_audit_pending"


@dataclass
class PendingEntry:
    """An entry recorded in a transaction and not chained yet: plain values (it is written with one
    multi-row INSERT at commit, so no mapped object per entry is needed)."""

    at: datetime
    actor_id: int | None
    ip: str | None
    action: str
    case_id: int | None
    detail: dict
    prev_mac: str = ""
    mac: str = ""


def record(action: str, actor_id: int | None = None, case_id: int | None = None, **detail) -> PendingEntry:
    """Add an entry to the caller's transaction; it joins the chain when that transaction commits.
    ``detail`` holds codes and ids, never the substance of a request (security.md 16.3.2: log
    access without logging the data)."""
    entry = PendingEntry(
        at=utcnow(),
        actor_id=actor_id,
        ip=_ip_for(actor_id, case_id),
        action=action,
        case_id=case_id,
        detail=detail,
    )
    session = db.session()
    scope = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(PENDING_KEY, []).append((scope, entry))
    return entry


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    """Chain the transaction's entries under one head lock, as the last writes before COMMIT."""
    if session.get_nested_transaction() is not None:  # a savepoint is released: not yet
        return
    pending = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    last_mac, key = _lock_head(), audit_key()
    for _scope, entry in pending:
        entry.prev_mac = last_mac
        entry.mac = last_mac = compute_mac(key, last_mac, entry)
    # One multi-row INSERT in chain order rather than one unit-of-work object per entry: a sweep
    # batch chains a few thousand entries at once.
    session.execute(insert(AuditEntry), [_row(entry) for _scope, entry in pending])
    grown = update(HEAD).where(HEAD.c.id == 1).values(count=HEAD.c.count + len(pending), last_mac=last_mac)
    session.execute(grown)


def _row(entry: PendingEntry) -> dict:
    return dict(vars(entry))


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """What a rolled-back savepoint recorded never happened: drop it with the savepoint."""
    pending = session.info.get(PENDING_KEY)
    if pending and previous.nested:
        session.info[PENDING_KEY] = [(s, e) for s, e in pending if not _within(s, previous)]


@event.listens_for(Session, "after_transaction_end")
def _drop_unfinished(session: Session, transaction: SessionTransaction) -> None:
    """A transaction that ends without committing (rollback, close) takes its entries with it."""
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def _within(scope: SessionTransaction | None, savepoint: SessionTransaction) -> bool:
    while scope is not None:
        if scope is savepoint:
            return True
        scope = scope.parent
    return False


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
