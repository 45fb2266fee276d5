"""Lock-out after repeated sign-in failures, per account and per address (security.md A-03,
ASVS 2.2.1 / 6.3.1).

The counters live in the database, so every web process and worker sees the same lock. Keys are
HMACs of the e-mail or address, never the values themselves: the table holds no personal data in
the clear. An unknown e-mail gets a counter and a lock exactly like a real account, so a lock says
nothing about whether an account exists (ASVS 6.3.8)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core import audit
from dsar.core.db import UTCDateTime, db, utcnow

MAX_ACCOUNT_LOCK = timedelta(hours=24)


class SignInThrottle(db.Model):
    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # "account" or "ip"
    failures: Mapped[int] = mapped_column(default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locks: Mapped[int] = mapped_column(default=0)  # locks in a row: each one lasts twice as long


def _key(kind: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"sign-in:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _row(kind: str, value: str, create: bool = False) -> SignInThrottle | None:
    key = _key(kind, value)
    query = select(SignInThrottle).where(SignInThrottle.key == key)
    if create:  # counting: lock the row so concurrent failures are all counted
        query = query.with_for_update()
    row = db.session.scalar(query.execution_options(populate_existing=True))
    if row is None and create:
        try:
            with db.session.begin_nested():  # two processes may create it at once
                db.session.add(SignInThrottle(key=key, kind=kind, failures=0, window_started_at=utcnow()))
        except IntegrityError:
            pass
        row = db.session.scalar(query.execution_options(populate_existing=True))
    return row


def _locked(row: SignInThrottle | None) -> bool:
    return row is not None and row.locked_until is not None and row.locked_until > utcnow()


def _email(email: str) -> str:
    return email.strip().lower()


def account_locked(email: str) -> bool:
    return _locked(_row("account", _email(email)))


def address_locked(ip: str | None) -> bool:
    return _locked(_row("ip", ip or "-"))


def record_failure(email: str, ip: str | None, user_id: int | None = None) -> None:
    """Count one failed password or code for the account and the address; lock when due."""
    config = current_app.config
    account = _row("account", _email(email), create=True)
    if not _locked(account):  # failures during a lock do not stretch it
        account.failures += 1
        if account.failures >= config["LOCKOUT_ACCOUNT_FAILURES"]:
            account.locks += 1
            minutes = config["LOCKOUT_ACCOUNT_MINUTES"] * 2 ** (account.locks - 1)
            account.locked_until = utcnow() + min(timedelta(minutes=minutes), MAX_ACCOUNT_LOCK)
            account.failures = 0
            audit.record("staff.account_locked", user_id, key=account.key[:16], minutes=minutes)
    _count_address(_row("ip", ip or "-", create=True))


def _count_address(row: SignInThrottle) -> None:
    config = current_app.config
    if _locked(row):
        return
    now = utcnow()
    if now - row.window_started_at > timedelta(seconds=config["LOCKOUT_IP_WINDOW_SECONDS"]):
        row.window_started_at, row.failures = now, 0
    row.failures += 1
    if row.failures >= config["LOCKOUT_IP_FAILURES"]:
        row.locked_until = now + timedelta(minutes=config["LOCKOUT_IP_MINUTES"])
        row.failures = 0
        audit.record("staff.address_locked", None, minutes=config["LOCKOUT_IP_MINUTES"])


def record_success(email: str) -> None:
    """A full sign-in resets the account's consecutive failures (the address keeps its count)."""
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == _key("account", _email(email))))


def unlock(email: str, actor_id: int, user_id: int) -> None:
    record_success(email)
    audit.record("staff.account_unlocked", actor_id, user_id=user_id)
