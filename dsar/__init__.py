"""The DSAR portal: ``create_app`` builds it from defaults, ``DSAR_*`` environment and test overrides."""

from __future__ import annotations

from flask import Flask, redirect, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dsar import config as config_module
from dsar.core import access, i18n, jobs, link_pages, mail, templating, web
from dsar.core.db import db, engine_options, fail_fast_after_a_failed_connect


def create_app(test_config: dict | None = None) -> Flask:
    settings = config_module.build(test_config)
    app = Flask(
        __name__,
        template_folder=str(config_module.PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(settings)
    app.config["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(settings)
    # Statement parameters are requesters' names and addresses: never in a log line or an error
    # message that gets logged (security.md 16.3.2: log events, not the data).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] = True

    db.init_app(app)
    with app.app_context():
        fail_fast_after_a_failed_connect(db.engine, settings["DB_RETRY_SECONDS"])
    _init_migrations(app)
    i18n.init_app(app)
    web.init_app(app)
    access.init_app(app)  # can_* flags for the templates
    link_pages.init_app(app)  # one page for a signed link that cannot be honoured
    jobs.init_app(app)
    _register_features(app)
    _register_template_helpers(app)
    return app


def _init_migrations(app: Flask) -> None:
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(config_module.PROJECT_ROOT / "dsar" / "migrations"), render_as_batch=True)


def _register_features(app: Flask) -> None:
    from dsar import (
        api,
        audit,
        casework,
        cli,
        controllers,
        exports,
        identity,
        intake,
        letters,
        mail_texts,
        mailbox,
        reports,
        retention,
        suppression,
    )
    from dsar.accounts import views as accounts_views
    from dsar.cases import (
        assignment,
        clock_views,
        decision_views,
        file_views,
        public_file_views,
        queue_views,
        register_export,
    )
    from dsar.cases import forms as cases_forms
    from dsar.cases import panels as case_panels
    from dsar.cases import views as cases_views
    from dsar.core import outbox_views, periodic  # noqa: F401 - periodic: the lease table
    from dsar.core.storage import upkeep as storage_upkeep

    accounts_views.init_app(app)
    intake.init_app(app)  # the public form and status page, offline registration
    app.register_blueprint(cases_views.bp)
    for routes in (clock_views, decision_views, file_views, queue_views, register_export, public_file_views):
        app.register_blueprint(routes.bp)
    case_panels.register(app, "assignment", "cases/assignment.html", assignment.panel_for, order=10)
    app.register_blueprint(outbox_views.bp)
    controllers.init_app(app)  # client controllers, forwarding (rules.md 2.6)
    app.jinja_env.globals["reason_label"] = cases_forms.reason_label
    app.jinja_env.globals["outcome_label"] = cases_forms.outcome_label
    app.jinja_env.globals["ground_label"] = cases_forms.ground_label
    app.jinja_env.globals["right_label"] = cases_forms.right_label
    jobs.register_periodic(app, "dsar.core.mail.relay_outbox")
    jobs.register_periodic(app, "dsar.cases.sweep.sweep_deadlines")
    jobs.register_periodic(app, "dsar.core.db.refresh_planner_statistics")
    jobs.register_periodic(app, "dsar.cases.files.sweep_expired_files")
    jobs.register_periodic(app, "dsar.accounts.fresh.sweep_held_forms")
    jobs.register_periodic(app, "dsar.cases.files.rescan_held_files")
    storage_upkeep.register_rotation(app, "case files", "dsar.cases.files.rotate_keys")
    storage_upkeep.register_migration(app, "case files", "dsar.cases.files.encrypt_plain_files")
    storage_upkeep.register_rotation(app, "two-factor secrets", "dsar.accounts.totp.rotate_keys")
    jobs.register_periodic(app, "dsar.core.audit_anchor.write_daily_anchor")  # security.md Z-05
    cli.init_app(app)
    storage_upkeep.init_app(app, cli.dsar_cli)  # flask dsar rotate-keys, flask dsar storage migrate
    identity.init_app(app)  # verification ladder, ID copies (rules.md 5)
    casework.init_app(app)  # notes, attachments, time, Art. 19 and 12(5) (rules.md 6.3)
    audit.init_app(app)  # audit trail pages and commands (rules.md 6, security.md Z-04, Z-05)
    reports.init_app(app)  # figures and charts (rules.md 6)
    retention.init_app(app)  # legal holds, purge, tombstones (rules.md 6.2)
    mail_texts.init_app(app)  # admins rewrite the mails, per language
    letters.init_app(app)  # PDF response letters, Art. 20(2) direct transmission
    exports.init_app(app)  # data sources, record of processing, bundles (rules.md 2.1, 7)
    api.init_app(app)  # /api/v1 for other systems, signed webhooks
    mailbox.init_app(app)  # requests that arrive by e-mail (rules C1)
    suppression.init_app(app)  # Art. 21(3) suppression list (rules.md 2.6, 6.2)

    @app.route("/staff/")
    def staff_home():
        return redirect(url_for("cases.case_list"))

    @app.route("/favicon.ico")
    def favicon():
        # Browsers ask for it on their own (on downloads and error pages too): a static file, so the
        # CSP stays default-src 'self'; pages name the SVG one in <head>.
        return app.send_static_file("favicon.ico"), 200, {"Cache-Control": "public, max-age=86400"}

    @app.route("/healthz")
    def healthz():
        # The process answers (security.md R-09); no versions shown, and never a database query: a
        # hung database must not make a supervisor restart healthy web processes (that is /readyz).
        return {"status": "ok"}

    @app.route("/readyz")
    def readyz():
        """Ready to serve: the database answers. A load balancer stops routing here otherwise."""
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            app.logger.exception("readiness check: database unreachable")
            db.session.rollback()
            return {"status": "unavailable"}, 503
        return {"status": "ready"}


def _register_template_helpers(app: Flask) -> None:
    templating.init_app(app)
    # Text we sent that staff read back (correspondence on the case): the links shown by purpose only.
    app.jinja_env.filters["without_links"] = mail.without_links
