"""Adding to and reading the suppression list. Never commits.

Identifiers are stored as SHA-256 of the normalised address or number, not in clear (rules 6.2:
minimal): marketing tools match suppression lists on exactly this hash, so the export can be loaded
into them, and a lookup hashes what it is asked."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from dsar.cases.models import SubRequest
from dsar.cases.service import record_event
from dsar.core.db import db
from dsar.suppression.models import SuppressionEntry
from workflows.suppression import suppression_scope


def normalise(identifier: str) -> tuple[str, str]:
    """(kind, normalised value): an e-mail address in lower case, a phone number as + and digits."""
    value = identifier.strip()
    if "@" in value:
        return "email", value.lower()
    return "phone", re.sub(r"[^\d+]", "", value)


def identifier_hash(identifier: str) -> str:
    return hashlib.sha256(normalise(identifier)[1].encode("utf-8")).hexdigest()


def suppress_on_decision(sub: SubRequest, actor_id: int) -> None:
    """After a decision: a granted direct-marketing objection or consent withdrawal lists the
    requester's e-mail address and phone number at once (Art. 21(3), rules 2.6)."""
    scope = suppression_scope(sub.right, sub.outcome, sub.direct_marketing)
    if scope is None:
        return
    case = sub.case
    for identifier in filter(None, (case.requester_email, case.requester_phone)):
        kind, _value = normalise(identifier)
        digest = identifier_hash(identifier)
        if _entry(digest, scope) is None:
            db.session.add(
                SuppressionEntry(
                    identifier_kind=kind, identifier_sha256=digest, scope=scope, case_reference=case.reference
                )
            )
    db.session.flush()
    record_event(case, "suppression_listed", actor_id, scope=scope)


def _entry(digest: str, scope: str) -> SuppressionEntry | None:
    return db.session.scalar(
        select(SuppressionEntry).where(
            SuppressionEntry.identifier_sha256 == digest, SuppressionEntry.scope == scope
        )
    )


def lookup(identifier: str) -> list[SuppressionEntry]:
    digest = identifier_hash(identifier)
    query = select(SuppressionEntry).where(SuppressionEntry.identifier_sha256 == digest)
    return list(db.session.scalars(query.order_by(SuppressionEntry.id)))


def all_entries() -> list[SuppressionEntry]:
    return list(db.session.scalars(select(SuppressionEntry).order_by(SuppressionEntry.id)))
