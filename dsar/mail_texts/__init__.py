"""Mail texts: admins rewrite the mails the portal sends, per language, with a preview, or go back to
the built-in text. Sending with an override (its sandbox and checks) is core's (core/mail_overrides)."""

from __future__ import annotations

from dsar.mail_texts import views


def init_app(app) -> None:
    app.register_blueprint(views.bp)
