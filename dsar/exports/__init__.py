"""The data side of an answer (rules.md 2.1 and 7): data sources, the record of processing, collecting
a person's data into a streamed portability/access bundle, delivered as the case's answer package."""

from __future__ import annotations

from dsar.cases import panels
from dsar.core import jobs as core_jobs  # not "jobs": the package has a jobs module of its own
from dsar.core.storage import upkeep
from dsar.exports import cli, models, views  # noqa: F401 - models must be known to the metadata
from dsar.exports.panel import panel_for


def init_app(app) -> None:
    app.register_blueprint(views.bp)
    cli.init_app(app)
    panels.register(app, "exports", "exports/case_panel.html", panel_for, slot="collection")
    core_jobs.register_periodic(app, "dsar.exports.manual.sweep_manual_datasets")
    core_jobs.register_periodic(app, "dsar.exports.manual.rescan_held_datasets")
    upkeep.register_rotation(app, "hand-added datasets", "dsar.exports.manual.rotate_keys")
    upkeep.register_migration(app, "hand-added datasets", "dsar.exports.manual.encrypt_plain_files")
    upkeep.register_rotation(app, "data source locations", "dsar.exports.sealing.rotate_keys")
    # Millions of rows take minutes (bench/export_1m.py: about 90 s per million on two cores).
    core_jobs.JOB_TIMEOUTS["dsar.exports.jobs.collect_case"] = 4 * 3600
