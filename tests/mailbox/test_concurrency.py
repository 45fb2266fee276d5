"""Two workers run the periodic tick at the same moment: the mailbox is read by one of them, and
every message is stored exactly once."""

from __future__ import annotations

import threading

from sqlalchemy import select

from dsar.core.db import db
from dsar.mailbox.models import IncomingMail
from dsar.mailbox.service import fetch_new_mail
from tests.mailbox.mails import plain


def test_two_workers_at_once_store_each_message_once(make_app, imap):
    for number in range(8):
        imap.deliver(plain(f"verzoek {number}, inzage"))
    workers = [make_app(**imap.config()) for _ in range(2)]
    start = threading.Barrier(2)
    taken: list[int] = []

    def work(app):
        with app.app_context():
            start.wait()
            taken.append(fetch_new_mail())
            db.session.remove()

    threads = [threading.Thread(target=work, args=(app,)) for app in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    with workers[0].app_context():
        uids = db.session.scalars(select(IncomingMail.uid).order_by(IncomingMail.uid)).all()
    assert uids == list(range(1, 9))
    assert sorted(taken) == [0, 8]  # one read them all; the other found the lease taken
