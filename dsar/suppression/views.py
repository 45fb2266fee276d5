"""Staff query the suppression list and export it (Art. 21(3)): thin views over the service."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from dsar.core import audit
from dsar.core.access import requires
from dsar.core.db import db
from dsar.suppression import service

bp = Blueprint("suppression", __name__, url_prefix="/staff")
EXPORT_COLUMNS = ["identifier_kind", "identifier_sha256", "scope", "case_reference", "created_at"]


@bp.route("/suppression")
@requires("staff.read")
def overview():
    identifier = (request.args.get("identifier") or "").strip()[:254]
    found = service.lookup(identifier) if identifier else None
    if identifier:
        audit.record("suppression.queried", current_user.id)
        db.session.commit()
    return render_template(
        "suppression/list.html", identifier=identifier, found=found, count=len(service.all_entries())
    )


@bp.route("/suppression.csv")
@requires("suppression.export")
def export():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    # Only hashes, codes, references and timestamps: no cell can start a spreadsheet formula.
    for entry in service.all_entries():
        writer.writerow(
            [
                entry.identifier_kind,
                entry.identifier_sha256,
                entry.scope,
                entry.case_reference,
                entry.created_at.isoformat(),
            ]
        )
    audit.record("suppression.exported", current_user.id)
    db.session.commit()
    return Response(
        buffer.getvalue().encode("utf-8"),
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=suppression-list.csv",
            "Cache-Control": "no-store",
        },
    )
