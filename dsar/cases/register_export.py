"""The case register as CSV for the DPO: the facts of each procedure (rules 6.3), no request content.

Written by core's CSV writer, which quotes every cell a spreadsheet could read as a formula (security.md
V-06): cells can carry text others typed (a client controller's name, for instance)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dsar.cases import hooks
from dsar.cases.models import Case
from dsar.core import audit, csv_writer
from dsar.core.access import requires
from dsar.core.db import db
from dsar.core.recent_login import recent_login_required

bp = Blueprint("register_export", __name__, url_prefix="/staff")

COLUMNS = [
    "reference",
    "received_at_utc",
    "receipt_date",
    "channel",
    "role",
    "client_controller",
    "rights",
    "state",
    "one_month_due",
    "due_date",
    "extended_at",
    "answered_at",
    "closed_at",
    "outcomes",
    "restrictions",
]


def register_rows() -> Iterator[tuple]:
    controllers = dict(hooks.controller_names())
    cases = db.session.scalars(select(Case).options(selectinload(Case.sub_requests)).order_by(Case.id))
    for case in cases:
        yield (
            case.reference,
            case.received_at.isoformat(),
            case.receipt_date,
            case.channel,
            case.role,
            controllers.get(case.client_controller_id),
            ";".join(case.rights),
            case.state,
            case.one_month_due,
            case.due_date,
            case.extended_at,
            case.answered_at,
            case.closed_at,
            ";".join(f"{sub.right}:{sub.outcome}" for sub in case.sub_requests if sub.outcome),
            ";".join(restriction_state(sub) for sub in case.sub_requests if sub.restricted_at),
        )


@bp.route("/cases/register.csv")
@requires("cases.export_register")
@recent_login_required  # security.md A-11: a bulk export of every case
def export_register():
    buffer, writer = csv_writer.in_memory()
    writer.writerow(COLUMNS)
    writer.writerows(register_rows())
    audit.record("register.exported", current_user.id)
    db.session.commit()
    return Response(
        buffer.getvalue().encode("utf-8-sig"),  # the BOM lets spreadsheets read UTF-8 correctly
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=case-register.csv",
            "Cache-Control": "no-store",
        },
    )


def restriction_state(sub) -> str:
    """Art. 18: the ground and whether the restriction is still in force (rules 2.4)."""
    return f"{sub.restriction_ground}:{'lifted' if sub.restriction_lifted_at else 'in_force'}"
