"""What the case file shows about retention and legal holds (prepared values for the template)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_login import current_user
from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.access import can
from dsar.core.db import db
from dsar.retention import service
from dsar.retention.forms import HoldForm
from dsar.retention.models import LegalHold


@dataclass
class RetentionPanel:
    retention_end: date | None
    holds: list[LegalHold]
    active: LegalHold | None
    form: HoldForm | None  # only for the DPO


def panel_for(case: Case) -> RetentionPanel:
    holds = db.session.scalars(
        select(LegalHold).where(LegalHold.case_id == case.id).order_by(LegalHold.id)
    ).all()
    active = next((hold for hold in holds if hold.lifted_at is None), None)
    form = HoldForm(prefix="hold") if can(current_user, "retention.hold") else None
    return RetentionPanel(service.retention_end(case), list(holds), active, form)
