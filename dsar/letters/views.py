"""Staff preview and download the letters a case calls for: generated on demand from the case as it
stands, and on the case timeline and the audit trail each time (rules 6.3 item 12)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, abort, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from dsar.cases.models import Case
from dsar.cases.service import case_or_404, download_recorder
from dsar.core.downloads import send_tracked
from dsar.letters import service
from dsar.letters.model import LetterKind

bp = Blueprint("letters", __name__, url_prefix="/staff")

KIND_LABELS = {
    LetterKind.ACCESS: _l("Access answer (Art. 15)"),
    LetterKind.PARTIAL_REFUSAL: _l("Partial refusal (Art. 12(4))"),
    LetterKind.REFUSAL: _l("Refusal (Art. 12(4))"),
    LetterKind.NO_DATA: _l("No data held (Art. 15(1))"),
    LetterKind.EXTENSION: _l("Extension (Art. 12(3))"),
    LetterKind.IDENTITY_NOT_CONFIRMED: _l("Identity not confirmed (Art. 12(2), 12(6))"),
    LetterKind.DECISION: _l("Decision on the request"),
}


@dataclass
class LetterLink:
    kind: LetterKind
    label: str
    preview_url: str
    download_url: str


def letter_links(case: Case) -> list[LetterLink]:
    """What the case file offers: the letters the case calls for now (prepared for the template)."""
    links = []
    for kind in service.available_kinds(case):
        url = url_for("letters.letter_pdf", reference=case.reference, kind=kind.value)
        links.append(LetterLink(kind, str(KIND_LABELS[kind]), url, url + "?download=1"))
    return links


@bp.route("/cases/<reference>/letters/<kind>.pdf")
@login_required  # every staff role reads the case file; auditors too (read-only)
def letter_pdf(reference: str, kind: str):
    case = case_or_404(reference)
    if kind not in {k.value for k in service.available_kinds(case)}:
        abort(404)
    pdf = service.generate(case, LetterKind(kind))
    download = request.args.get("download") == "1"
    recorder = download_recorder(
        case.id,
        "letter_downloaded" if download else "letter_previewed",
        current_user.id,
        letter=kind,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    filename = quote(service.letter_filename(case, LetterKind(kind)))
    return send_tracked(
        pdf,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f"{'attachment' if download else 'inline'}; filename*=UTF-8''{filename}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            # Our own PDF, shown by the browser's viewer: nothing else may load, nobody may frame it.
            "Content-Security-Policy": "default-src 'none'; object-src 'self'; frame-ancestors 'none'",
        },
        recorder,
    )
