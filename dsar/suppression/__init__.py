"""The Art. 21(3) suppression list: hashed identifiers of people who objected to direct marketing or
withdrew consent, kept after their case is purged (rules 2.6, 6.2)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from dsar.cases import decisions
    from dsar.suppression import service, views

    app.register_blueprint(views.bp)
    if service.suppress_on_decision not in decisions.after_decision:
        decisions.after_decision.append(service.suppress_on_decision)
