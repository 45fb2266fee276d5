"""Identity-verification operations (rules.md 5.2-5.5). They take ids or objects and an explicit
actor, change the session and never commit, except the periodic entry points at the bottom, which
run on their own like ``core.mail.relay_outbox`` and commit their own work."""

from __future__ import annotations

import io
import logging
import uuid
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import exists, select, update

from dsar.cases import clock_actions
from dsar.cases.models import Case
from dsar.cases.service import allowed_moves, record_event
from dsar.core.db import db, utcnow
from dsar.core.jobs import dispatch
from dsar.core.links import signed_url
from dsar.core.mail import queue_mail
from dsar.core.storage import Unreadable
from dsar.identity import crypto, ladder, storage
from dsar.identity.models import CopyStatus, IdCheck, IdCopy, IdCopyRequest
from dsar.identity.sanitise import CleanImage
from workflows.states import CaseRole, CaseState, Move

log = logging.getLogger(__name__)

LINK_PURPOSE = "id-copy"  # its own salt: a status or confirmation link never opens the upload page
MAX_ATTEMPTS_PER_REQUEST = 10  # security.md U-02: bounded storage per case
LIVE = (CopyStatus.QUEUED, CopyStatus.INSPECTING, CopyStatus.PROPOSED, CopyStatus.STORED)

DOCUMENT_TYPES = (
    "be_identity_card",
    "be_passport",
    "nl_identity_card",
    "nl_passport",
    "driving_licence",
    "residence_permit",
    "other_identity_card",
    "other_passport",
)


class VerificationError(ValueError):
    """An operation that the current state does not allow; ``code`` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- asking for an ID copy -------------------------------------------------------------------------


def upload_url(request: IdCopyRequest) -> str:
    return signed_url("identity.upload", LINK_PURPOSE, request.public_id)


def ttl_days() -> int:
    return current_app.config["ID_COPY_TTL_DAYS"]


def open_request(case: Case) -> IdCopyRequest | None:
    return db.session.scalar(
        select(IdCopyRequest).where(IdCopyRequest.case_id == case.id, IdCopyRequest.closed_at.is_(None))
    )


def id_copy_progress(case: Case) -> str | None:
    """Where the requester's side of an open ID-copy request stands, for the status page: "asked"
    (nothing usable received yet), "proposed" (an auto-redacted version waits for their approval),
    "inspecting" (received, being checked), "with_staff" (passed inspection, staff decide), or None
    when no ID copy is asked for."""
    request = open_request(case)
    if request is None:
        return None
    statuses = {copy.status for copy in request.copies}
    for status, progress in (
        (CopyStatus.STORED, "with_staff"),
        (CopyStatus.PROPOSED, "proposed"),
        (CopyStatus.QUEUED, "inspecting"),
        (CopyStatus.INSPECTING, "inspecting"),
    ):
        if status in statuses:
            return progress
    return "asked"


def request_id_copy(
    case: Case,
    origin: str,
    actor_id: int | None = None,
    reason: str | None = None,
    actor_role: str = "handler",
) -> IdCopyRequest:
    """Ask the person for a redacted ID copy and mail them the upload link (rules 5.2 level 4).

    Staff must give the reasonable doubt that justifies it (Art. 12(6)); the request then goes out
    as an information request, which pauses the clock (rules 3.4) and gives the person a reply
    link for another way to prove who they are (an ID copy is never the only option, rules 5.2).
    The policy path is the admin's documented choice for that right."""
    if case.closed_at is not None or case.state == CaseState.CLOSED:
        raise VerificationError("closed")
    if case.role == CaseRole.PROCESSOR:
        raise VerificationError("processor")  # the client controller verifies (Art. 28(3)(e))
    if not ladder.id_copy_possible(case.sub_requests):
        raise VerificationError("never_for_these_rights")  # GBA 145/2022
    if origin == "staff" and not (reason or "").strip():
        raise VerificationError("reason_required")
    if open_request(case) is not None:
        raise VerificationError("already_requested")
    request = IdCopyRequest(
        case_id=case.id,
        public_id=uuid.uuid4().hex,
        origin=origin,
        reason=(reason or "").strip() or None,
        requested_by_id=actor_id,
        requested_at=utcnow(),
    )
    db.session.add(request)
    db.session.flush()
    case.verification_level = ladder.ID_COPY_LEVEL
    record_event(case, "id_copy_requested", actor_id, request_id=request.id, origin=origin)
    context = {"upload_link": upload_url(request), "ttl_days": ttl_days(), "link_days": link_days()}
    pausable = not clock_actions.open_pause(case) and Move.REQUEST_INFORMATION in allowed_moves(
        case, actor_role
    )
    if origin == "staff" and pausable:
        with force_locale(case.language):
            message = render_template("identity/request_message.txt", case=case, **context)
        clock_actions.request_information(case, actor_id, "identity", message.strip())
    else:
        queue_mail(
            case.requester_email,
            "id_copy_request",
            case.language,
            case_id=case.id,
            case=case,
            organisation=current_app.config["ORGANISATION_NAME"],
            **context,
        )
    return request


def link_days() -> int:
    return current_app.config["ID_LINK_DAYS"]


def record_knowledge_check(case: Case, actor_id: int, passed: bool, compared: str) -> None:
    """Rules 5.2 level 3: staff compared an answer with data already held. Only the fact and what
    kind of data was compared are kept, not the answer."""
    record_event(
        case, "knowledge_check_passed" if passed else "knowledge_check_failed", actor_id, compared=compared
    )
    if case.verification_level < 3:
        case.verification_level = 3


# --- receiving and inspecting ----------------------------------------------------------------------


def current_ring() -> crypto.KeyRing:
    return crypto.key_ring(current_app.config)


def _new_copy(**values) -> IdCopy:
    """A copy row with its storage key chosen up front (a live row always names its blob), flushed
    for the id that the encryption binds the blob to."""
    copy = IdCopy(
        public_id=uuid.uuid4().hex, storage_key=storage.new_key(), key_id=current_ring().current, **values
    )
    db.session.add(copy)
    db.session.flush()
    return copy


def _store(copy: IdCopy, data: bytes) -> None:
    copy.size = len(data)
    copy.key_id = storage.write(copy, data)


def delete_copy(copy: IdCopy, reason: str, status: str = CopyStatus.DELETED) -> None:
    if copy.storage_key:
        storage.delete_after_commit(copy.storage_key)
    copy.storage_key = None
    copy.key_id = None
    copy.status = status
    copy.stage = None
    copy.deleted_at = utcnow()
    copy.deleted_reason = reason


def check_can_upload(request: IdCopyRequest) -> None:
    if request.closed_at is not None:
        raise VerificationError("request_closed")
    statuses = [copy.status for copy in request.copies]
    if CopyStatus.STORED in statuses:
        raise VerificationError("already_received")
    if CopyStatus.QUEUED in statuses or CopyStatus.INSPECTING in statuses:
        raise VerificationError("in_progress")
    if sum(1 for copy in request.copies if copy.source == "upload") >= MAX_ATTEMPTS_PER_REQUEST:
        raise VerificationError("too_many_attempts")


def receive_upload(request: IdCopyRequest, clean: CleanImage) -> IdCopy:
    """Encrypt the sanitised image into quarantine and queue its inspection. The hard TTL starts
    now (rules 5.4: at the latest 7 days after upload)."""
    check_can_upload(request)
    for copy in request.copies:
        if copy.status == CopyStatus.PROPOSED:
            delete_copy(copy, "replaced")
    now = utcnow()
    copy = _new_copy(
        case_id=request.case_id,
        request_id=request.id,
        source="upload",
        status=CopyStatus.QUEUED,
        uploaded_at=now,
        delete_after=now + timedelta(days=ttl_days()),
    )
    _store(copy, clean.data)
    dispatch("dsar.identity.jobs.inspect_id_copy", copy.id)
    return copy


def accept_proposal(copy: IdCopy) -> IdCopy:
    """The person accepts the auto-redacted version: it is inspected again before it is kept."""
    if copy.status != CopyStatus.PROPOSED:
        raise VerificationError("not_proposed")
    copy.status = CopyStatus.QUEUED
    copy.stage = None
    dispatch("dsar.identity.jobs.inspect_id_copy", copy.id)
    return copy


def discard_proposal(copy: IdCopy) -> None:
    if copy.status != CopyStatus.PROPOSED:
        raise VerificationError("not_proposed")
    delete_copy(copy, "redo")


def claim_for_inspection(copy_id: int) -> bool:
    result = db.session.execute(
        update(IdCopy)
        .where(IdCopy.id == copy_id, IdCopy.status == CopyStatus.QUEUED)
        .values(status=CopyStatus.INSPECTING, stage="start")
    )
    return result.rowcount == 1


def read_plain(copy: IdCopy) -> bytes:
    return storage.read(copy)


def record_inspection(copy: IdCopy, result, proposal_jpeg: bytes | None) -> IdCopy | None:
    """Keep the file only when nothing is visible; otherwise delete it at once and keep an
    auto-redacted proposal for the person to accept or redo (rules 5.3). Returns the proposal."""
    case = db.session.get(Case, copy.case_id)
    copy.findings = result.flags()
    copy.inspected_at = utcnow()
    copy.stage = None
    if result.properly_redacted:
        copy.status = CopyStatus.STORED
        record_event(case, "id_copy_received", None, copy_id=copy.id)
        pause = clock_actions.open_pause(case)
        if pause is not None and pause.reason == "identity":
            clock_actions.record_information_received(case, None)  # rules 3.4: the clock resumes
        return None
    visible = sorted(key for key, value in result.flags().items() if value and key != "properly_redacted")
    delete_copy(copy, "unredacted")
    record_event(case, "unredacted_id_deleted", None, copy_id=copy.id, visible=visible)
    proposal = _new_copy(
        case_id=copy.case_id,
        request_id=copy.request_id,
        parent_id=copy.id,
        source="auto_redacted",
        status=CopyStatus.PROPOSED,
        uploaded_at=utcnow(),
        delete_after=copy.delete_after,  # the hard TTL runs from the first upload
        findings=copy.findings,
    )
    _store(proposal, proposal_jpeg)
    return proposal


def record_inspection_failure(copy: IdCopy, code: str) -> None:
    case = db.session.get(Case, copy.case_id)
    delete_copy(copy, "failed", status=CopyStatus.REJECTED)
    copy.failure = code
    record_event(case, "id_copy_inspection_failed", None, copy_id=copy.id, failure=code)


# --- staff: viewing and deciding --------------------------------------------------------------------


def may_see_copies(user) -> bool:
    """Rules 5.3 "access limited to the verifying role": configurable, but never auditors."""
    allowed = {role.strip() for role in current_app.config["ID_COPY_ROLES"].split(",")}
    return user.is_authenticated and user.role != "auditor" and user.role in allowed


def open_for_staff(copy: IdCopy, actor_id: int) -> bytes:
    """Decrypt for display and write the view into the case trail (security.md Z-04, rules 5.3)."""
    case = db.session.get(Case, copy.case_id)
    if copy.status != CopyStatus.STORED or not copy.storage_key:
        raise VerificationError("gone")
    try:
        data = read_plain(copy)
    except Unreadable as exc:
        log.error("ID copy %s failed its integrity check", copy.id)  # security.md S-02: alert
        record_event(case, "id_copy_integrity_failure", actor_id, copy_id=copy.id)
        raise VerificationError("integrity") from exc
    record_event(case, "id_copy_viewed", actor_id, copy_id=copy.id)
    return data


def decide(
    copy: IdCopy, actor_id: int, actor_role: str, passed: bool, document_type: str, reason: str | None
) -> IdCheck:
    """Record pass/fail and delete the copy at that moment (rules 5.4, EDPB §79)."""
    if copy.status != CopyStatus.STORED:
        raise VerificationError("gone")
    if document_type not in DOCUMENT_TYPES:
        raise VerificationError("document_type")
    reason = (reason or "").strip() or None
    if not passed and not reason:
        raise VerificationError("reason_required")
    case = db.session.get(Case, copy.case_id)
    now = utcnow()
    live = db.session.scalars(select(IdCopy).where(IdCopy.case_id == case.id, IdCopy.status.in_(LIVE))).all()
    for each in live:
        delete_copy(each, "decision")
    copy.request.closed_at = now
    check = IdCheck(
        case_id=case.id,
        passed=passed,
        document_type=document_type,
        reason=reason,
        checked_by_id=actor_id,
        checked_at=now,
        copy_deleted_at=now,
    )
    db.session.add(check)
    db.session.flush()
    record_event(case, "id_check_passed" if passed else "id_check_failed", actor_id, check_id=check.id)
    record_event(case, "id_copy_deleted", actor_id, copy_id=copy.id, reason="decision")
    if passed:
        if Move.CONFIRM_IDENTITY in allowed_moves(case, actor_role):
            case.state = CaseState.IN_PROGRESS
    else:
        # Rules 5.5: disclose, change or delete nothing; an Art. 12(4) letter is due within the
        # deadline. The letters feature picks this event up.
        record_event(case, "identity_not_confirmed", actor_id, check_id=check.id, next_step="art_12_4_letter")
    return check


def needs_art_12_4_letter(case: Case) -> bool:
    """For the letters feature: the latest identity check failed (rules 5.5)."""
    latest = db.session.scalar(select(IdCheck).where(IdCheck.case_id == case.id).order_by(IdCheck.id.desc()))
    return latest is not None and not latest.passed


# --- periodic work (idempotent; commits its own work) -------------------------------------------------


def request_policy_id_copies() -> int:
    """Cases whose rights the admin set to level 4 get their "please send a redacted ID copy" mail
    once (rules 5.2). Runs on the periodic tick, so the public form needs no upload of its own."""
    already = exists().where(IdCopyRequest.case_id == Case.id)
    checked = exists().where(IdCheck.case_id == Case.id)
    cases = db.session.scalars(
        select(Case).where(
            Case.verification_level == ladder.ID_COPY_LEVEL,
            Case.closed_at.is_(None),
            Case.state != CaseState.CLOSED,
            Case.role == CaseRole.CONTROLLER,
            ~already,
            ~checked,
        )
    ).all()
    for case in cases:
        request_id_copy(case, "policy")
    db.session.commit()
    return len(cases)


def jpeg_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()
