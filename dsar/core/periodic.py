"""The periodic tick: rq cron (production), the embedded ticker, or ``flask dsar sweep`` (cron).

One tick at a time across every process: without Redis each gunicorn worker runs its own ticker,
so a tick first takes a lease row in the database and skips its turn while another holds it. A
tick that dies keeps the lease until it expires; its tasks are idempotent, so a tick that outlives
its lease and overlaps the next one is harmless too, just wasted work."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import String, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.jobs import job, resolve

log = logging.getLogger(__name__)
TICK = "tick"
# Longer than any tick takes (the sweep commits in batches; rq stops a job after 300 s).
LEASE = timedelta(minutes=15)


class PeriodicLease(db.Model):
    """Who runs a periodic task now, and until when their claim holds."""

    __tablename__ = "periodic_lease"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(96))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


LEASES = PeriodicLease.__table__


@job
def tick() -> bool:
    """Run every registered periodic task, unless another process is running them; returns
    whether this tick ran. One failing task does not stop the others."""
    holder = take_lease(TICK)
    if holder is None:
        log.info("periodic tick skipped: another process is running one")
        return False
    try:
        _run_tasks()
    finally:
        release_lease(TICK, holder)
    return True


def _run_tasks() -> None:
    failures = []
    for func_path in current_app.extensions.get("dsar_periodic", []):
        try:
            resolve(func_path)()
        except Exception as exc:
            db.session.rollback()
            log.exception("periodic task %s failed", func_path)
            failures.append(f"{func_path}: {exc}")
    if failures:
        raise RuntimeError("; ".join(failures))


def take_lease(name: str) -> str | None:
    """Claim ``name`` if it is free or expired; the holder token, or None when someone else holds
    it. On a connection of its own, committed at once, so other processes see the claim before the
    work starts and the caller's session is left alone."""
    holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    now = utcnow()
    with db.engine.begin() as connection:
        claimed = connection.execute(
            update(LEASES)
            .where(LEASES.c.name == name, LEASES.c.expires_at <= now)
            .values(holder=holder, expires_at=now + LEASE)
        ).rowcount
        if not claimed:
            claimed = _first_claim(connection, name, holder, now)
    return holder if claimed else None


def _first_claim(connection, name: str, holder: str, now: datetime) -> bool:
    try:
        with connection.begin_nested():
            connection.execute(insert(LEASES).values(name=name, holder=holder, expires_at=now + LEASE))
    except IntegrityError:  # the row exists and is held
        return False
    return True


def release_lease(name: str, holder: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            update(LEASES).where(LEASES.c.name == name, LEASES.c.holder == holder).values(expires_at=utcnow())
        )
