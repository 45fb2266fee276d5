"""The Art. 21(3) suppression list: hashed identifiers of people who objected to direct marketing or
withdrew consent, kept after their case is purged (rules 2.6, 6.2)."""

from __future__ import annotations

from flask import Flask

from dsar.cases import hooks
from dsar.suppression import service, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    hooks.add(hooks.after_decision, service.suppress_on_decision)
