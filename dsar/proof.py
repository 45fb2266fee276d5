"""Proof of compliance (Art. 5(2)): the audit trail pages, the reports and case-record retention."""

from __future__ import annotations

from dsar import reports, retention
from dsar.core import audit_views


def init_app(app) -> None:
    app.register_blueprint(audit_views.bp)
    reports.init_app(app)
    retention.init_app(app)
