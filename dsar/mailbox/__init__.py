"""Requests that arrive by e-mail (rules C1, EDPB §159): an IMAP mailbox is read into a queue of
incoming mail, staff turn each one into a case, add it to a case or set it aside with a reason,
and replies to our own mails join their case by themselves."""

from __future__ import annotations

from dsar.cases import panels
from dsar.core import jobs
from dsar.core.storage import upkeep
from dsar.mailbox import views
from dsar.mailbox.panel import mail_panel


def init_app(app) -> None:
    app.register_blueprint(views.bp)
    panels.register(app, "mail", "mailbox/case_panel.html", mail_panel, order=70)
    # One fetch at a time across processes: the service takes a lease before it reads the server.
    jobs.register_periodic(app, "dsar.mailbox.service.fetch_new_mail")
    jobs.register_periodic(app, "dsar.mailbox.store.rescan_held_mail")
    jobs.register_periodic(app, "dsar.mailbox.store.remove_orphans")
    upkeep.register_rotation(app, "mail", "dsar.mailbox.store.rotate_keys")
