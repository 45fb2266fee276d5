"""Response letters as PDF in the requester's language (Art. 12(3), 12(4), 15; rules.md 2.1, 5.5, C4)
and Art. 20(2) direct transmission of a portability package to another controller."""

from __future__ import annotations

from flask import Flask

from dsar.cases import hooks, panels
from dsar.casework import fees
from dsar.config import ConfigError
from dsar.letters import processing, record, service, transmission_staff_views, transmission_views, views
from dsar.letters.panel import panel_for


def init_app(app: Flask) -> None:
    path = app.config.get("PROCESSING_RECORD")
    try:
        # Checked at start-up: a broken record never reaches a letter.
        app.extensions["dsar_processing_record"] = record.load_record(path) if path else []
    except record.RecordError as exc:
        raise ConfigError(str(exc)) from exc
    app.register_blueprint(views.bp)
    app.register_blueprint(transmission_views.bp)
    app.register_blueprint(transmission_staff_views.bp)
    panels.register(app, "letters", "letters/case_panel.html", panel_for, order=60)
    hooks.add(hooks.before_answer, service.attach_answer_letter)
    hooks.add(hooks.art15_information, processing.has_art15_information)
    hooks.add(hooks.extension_attachments, service.attach_extension_letter)
    hooks.add(fees.fee_notice_attachments, service.attach_fee_letter)
