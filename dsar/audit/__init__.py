"""The audit trail's pages and commands: browse with filters, check the chain, export, anchor.

Recording stays in core (dsar/core/audit.py, audit_anchor.py), because every feature records."""

from __future__ import annotations

from dsar.audit import cli, views
from dsar.cli import dsar_cli


def init_app(app) -> None:
    app.register_blueprint(views.bp)
    dsar_cli.add_command(cli.audit_cli)
