"""Public pages of identity verification, reached only through the signed link we mailed: the
upload (with the in-browser redaction editor), the progress of the inspection, the auto-redacted
proposal to accept or redo. Thin: parse, load, check, call an operation, commit once, render."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core import scanning
from dsar.core.db import db
from dsar.core.link_pages import LinkProblem, resolve
from dsar.core.web import limiter
from dsar.identity import engine, service
from dsar.identity.forms import ActionForm, UploadForm
from dsar.identity.models import CopyStatus, IdCopy, IdCopyRequest
from dsar.identity.sanitise import MAX_UPLOAD_BYTES, RejectedUpload

bp = Blueprint("identity", __name__)

# What the person reads when a file is refused (security.md U-03: generic but clear; nothing stored).
REFUSALS = {
    "too_large": _l("This file is larger than 10 MB. Please send a smaller photo or scan."),
    "empty": _l("This file is empty. Please choose your photo or scan again."),
    "type": _l("We accept only JPEG or PNG pictures and PDF files. This file is none of those."),
    "unreadable": _l("We could not read this file as a picture or PDF. Please take a new photo or scan."),
    "too_many_pixels": _l("This picture has too many pixels. Please send a smaller photo or scan."),
    "animated": _l("Animated pictures are not accepted. Please send a photo or scan."),
    "pdf_active": _l("This PDF contains scripts, actions or attached files, which we do not accept."),
    "pdf_encrypted": _l("This PDF is protected by a password. Please send it without one."),
    "pdf_pages": _l("Please send only the front side of your document: a PDF with one page."),
    "no_file": _l("Please choose a file."),
    "request_closed": _l("We no longer need an ID copy for this request."),
    "already_received": _l("We already received your ID copy; we will check it soon."),
    "in_progress": _l("We are still checking the file you sent."),
    "too_many_attempts": _l("You have sent too many files. Please contact us."),
    "malware": _l("Our malware scanner refused this file. Please take a new photo or scan."),
}

STAGES = {
    None: (5, _l("Waiting for a free checker")),
    "start": (15, _l("Preparing your image")),
    "text": (35, _l("Reading the text on the document")),
    "face": (65, _l("Looking for a visible photo")),
    "numbers": (85, _l("Checking numbers and machine-readable lines")),
}


def _find_request(public_id: str) -> IdCopyRequest | None:
    return db.session.scalar(select(IdCopyRequest).where(IdCopyRequest.public_id == public_id))


def _request_from_link(token: str) -> IdCopyRequest:
    """The ID-copy request of the link; a bad link gets the shared link page (core.link_pages)."""
    return resolve(service.LINK_PURPOSE, token, _find_request)


def _request_or_404(token: str) -> IdCopyRequest:
    """For the image and the progress poll: a bare 404, no page to render in an <img> or a script."""
    try:
        return _request_from_link(token)
    except LinkProblem:
        abort(404)


def _copy_of(id_request: IdCopyRequest, public_id: str) -> IdCopy:
    copy = db.session.scalar(
        select(IdCopy).where(IdCopy.public_id == public_id, IdCopy.request_id == id_request.id)
    )
    if copy is None:
        abort(404)
    return copy


def image_response(data: bytes):
    """An ID image for an <img>: never cached, never sniffed, never run (security.md U-11)."""
    response = make_response(data)
    response.headers["Content-Type"] = "image/jpeg"
    response.headers["Content-Disposition"] = 'inline; filename="id-copy.jpg"'
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(id_request: IdCopyRequest, token: str, form: UploadForm, problem: str | None = None, status=200):
    case = db.session.get(Case, id_request.case_id)
    return (
        render_template(
            "identity/upload.html",
            case=case,
            token=token,
            form=form,
            problem=str(REFUSALS[problem]) if problem else None,
            ttl_days=service.ttl_days(),
            max_bytes=MAX_UPLOAD_BYTES,
            watermark=f"{case.reference}",
        ),
        status,
    )


def refuse_malware(id_request: IdCopyRequest, data: bytes) -> None:
    """security.md U-12: scan the upload as received. Only our own re-encoding of its pixels is ever
    stored or shown, so a scanner that cannot be reached does not hold the inspection back."""
    result = scanning.scan(data)
    if result.verdict == scanning.Verdict.INFECTED:
        case = db.session.get(Case, id_request.case_id)
        record_event(case, "upload_refused_malware", signature=result.signature)
        db.session.commit()
        raise RejectedUpload("malware")


def _refuse(id_request, token, form, code: str, status: int):
    if request.form.get("via") == "editor":
        return jsonify(ok=False, message=str(REFUSALS.get(code, REFUSALS["unreadable"]))), status
    return _page(id_request, token, form, code, status)


@bp.route("/id/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def upload(token: str):
    id_request = _request_from_link(token)
    current = next((c for c in reversed(id_request.copies) if c.status != CopyStatus.DELETED), None)
    if request.method == "GET" and current and current.status != CopyStatus.REJECTED:
        return redirect(url_for("identity.progress", token=token, public_id=current.public_id))
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(id_request, token, form, status=400 if request.method == "POST" else 200)
    upload_file = request.files.get("document")
    if upload_file is None or not upload_file.filename:
        return _refuse(id_request, token, form, "no_file", 400)
    data = upload_file.stream.read(MAX_UPLOAD_BYTES + 1)  # the client's name and type are ignored
    try:
        service.check_can_upload(id_request)
        refuse_malware(id_request, data)
        clean = engine.sanitise_upload(data)
    except service.VerificationError as exc:
        return _refuse(id_request, token, form, exc.code, 409)
    except RejectedUpload as exc:
        current_app.logger.info("ID upload refused: %s", exc.code)
        return _refuse(id_request, token, form, exc.code, 413 if exc.code == "too_large" else 422)
    del data
    copy = service.receive_upload(id_request, clean)
    db.session.commit()
    target = url_for("identity.progress", token=token, public_id=copy.public_id)
    if request.form.get("via") == "editor":
        return jsonify(ok=True, next=target)
    return redirect(target)


def _latest(copy: IdCopy) -> IdCopy:
    """A copy with findings was deleted; the person follows on to its auto-redacted proposal."""
    while copy.status == CopyStatus.DELETED and copy.deleted_reason == "unredacted":
        child = db.session.scalar(
            select(IdCopy).where(IdCopy.parent_id == copy.id).order_by(IdCopy.id.desc())
        )
        if child is None:
            break
        copy = child
    return copy


@bp.route("/id/<token>/copies/<public_id>")
def progress(token: str, public_id: str):
    id_request = _request_from_link(token)
    copy = _copy_of(id_request, public_id)
    latest = _latest(copy)
    if latest.id != copy.id:
        return redirect(url_for("identity.progress", token=token, public_id=latest.public_id))
    case = db.session.get(Case, id_request.case_id)
    percent, stage_label = STAGES.get(copy.stage, STAGES[None])
    return render_template(
        "identity/progress.html",
        case=case,
        copy=copy,
        token=token,
        percent=percent,
        stage_label=stage_label,
        visible=[key for key, value in (copy.findings or {}).items() if value and key != "properly_redacted"],
        action_form=ActionForm(),
        ttl_days=service.ttl_days(),
    )


@bp.route("/id/<token>/copies/<public_id>/status")
def progress_status(token: str, public_id: str):
    id_request = _request_or_404(token)
    copy = _latest(_copy_of(id_request, public_id))
    percent, stage_label = STAGES.get(copy.stage, STAGES[None])
    busy = copy.status in (CopyStatus.QUEUED, CopyStatus.INSPECTING)
    return jsonify(busy=busy, percent=percent, stage=str(stage_label))


@bp.route("/id/<token>/copies/<public_id>/preview")
def preview(token: str, public_id: str):
    id_request = _request_or_404(token)
    copy = _copy_of(id_request, public_id)
    if copy.status != CopyStatus.PROPOSED:
        abort(404)
    return image_response(service.read_plain(copy))


@bp.route("/id/<token>/copies/<public_id>/accept", methods=["POST"])
def accept(token: str, public_id: str):
    copy = _answer_proposal(token, public_id, service.accept_proposal)
    return redirect(url_for("identity.progress", token=token, public_id=copy.public_id))


@bp.route("/id/<token>/copies/<public_id>/redo", methods=["POST"])
def redo(token: str, public_id: str):
    _answer_proposal(token, public_id, service.discard_proposal)
    return redirect(url_for("identity.upload", token=token))


def _answer_proposal(token: str, public_id: str, answer) -> IdCopy:
    """The requester keeps or discards the auto-redacted copy offered to them: only a copy still
    proposed, and only through the form (a repeated click finds it answered and changes nothing)."""
    copy = _copy_of(_request_from_link(token), public_id)
    if ActionForm().validate_on_submit() and copy.status == CopyStatus.PROPOSED:
        answer(copy)
        db.session.commit()
    return copy
