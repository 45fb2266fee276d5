"""Response letters as PDF in the requester's language (Art. 12(3), 12(4), 15; rules.md 2.1, 5.5, C4)
and Art. 20(2) direct transmission of a portability package to another controller."""

from __future__ import annotations

from flask import Flask

from dsar.config import ConfigError


def init_app(app: Flask) -> None:
    from dsar.cases import clock_actions, decisions, panels
    from dsar.casework import fees
    from dsar.letters import processing, record, service, transmission_staff_views, transmission_views, views
    from dsar.letters.panel import panel_for

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
    if service.attach_answer_letter not in decisions.before_answer:
        decisions.before_answer.append(service.attach_answer_letter)
    if processing.has_art15_information not in decisions.art15_information:
        decisions.art15_information.append(processing.has_art15_information)
    if service.attach_extension_letter not in clock_actions.extension_attachments:
        clock_actions.extension_attachments.append(service.attach_extension_letter)
    if service.attach_fee_letter not in fees.fee_notice_attachments:
        fees.fee_notice_attachments.append(service.attach_fee_letter)
