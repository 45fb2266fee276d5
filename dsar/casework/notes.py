"""Internal notes: staff only, never in a mail or on the requester's status page. Append-only
(no edit, no delete) and each one on the audit trail, without its text (security.md 16.3.2)."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.casework.models import CaseNote
from dsar.core.db import db, utcnow

MAX_NOTE = 5000


class NoteError(ValueError):
    pass


def add_note(case: Case, actor_id: int, body: str) -> CaseNote:
    body = (body or "").strip()
    if not body:
        raise NoteError("empty")
    if len(body) > MAX_NOTE:
        raise NoteError("too_long")
    note = CaseNote(case_id=case.id, author_id=actor_id, body=body, at=utcnow())
    db.session.add(note)
    db.session.flush()
    record_event(case, "note_added", actor_id, note_id=note.id)
    return note


def notes_of(case: Case) -> list[CaseNote]:
    return list(db.session.scalars(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)))
