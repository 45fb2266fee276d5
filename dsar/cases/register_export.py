"""The case register as CSV for the DPO: the facts of each procedure (rules 6.3), no request content.

Every cell that a spreadsheet could read as a formula is neutralised with a leading quote (ASVS 5.0
1.2.10: =, +, -, @, tab, carriage return, NUL), because cells can carry text others typed (a client
controller's name, for instance)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask import Response
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dsar.cases import hooks
from dsar.cases.models import Case
from dsar.cases.views import bp
from dsar.core import audit
from dsar.core.access import roles_required
from dsar.core.db import db
from dsar.core.recent_login import recent_login_required

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")
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


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def register_rows() -> Iterator[list[str]]:
    controllers = dict(hooks.controller_names())
    cases = db.session.scalars(select(Case).options(selectinload(Case.sub_requests)).order_by(Case.id))
    for case in cases:
        yield [
            safe_cell(value)
            for value in (
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
        ]


@bp.route("/cases/register.csv")
@roles_required("admin", "dpo", "auditor")
@recent_login_required  # security.md A-11: a bulk export of every case
def export_register():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
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
