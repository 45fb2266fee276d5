"""Retention of case records (rules 6.2): legal holds, the purge and the tombstones it leaves."""

from __future__ import annotations

from dsar.cases import panels
from dsar.cli import dsar_cli
from dsar.config import ConfigError
from dsar.core import jobs
from dsar.retention import cli, views
from dsar.retention.panel import panel_for


def init_app(app) -> None:
    if app.config["RETENTION_YEARS"] < 1:
        raise ConfigError("DSAR_RETENTION_YEARS must be at least 1")
    app.register_blueprint(views.bp)
    dsar_cli.add_command(cli.purge_command)
    panels.register(app, "retention", "retention/case_panel.html", panel_for, order=50)
    jobs.register_periodic(app, "dsar.retention.service.purge_expired")
