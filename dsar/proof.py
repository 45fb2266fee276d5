"""Proof of compliance (Art. 5(2)): the audit trail pages and case-record retention."""

from __future__ import annotations


def init_app(app) -> None:
    from dsar import retention
    from dsar.core import audit_views

    app.register_blueprint(audit_views.bp)
    retention.init_app(app)
