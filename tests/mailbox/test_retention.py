"""A mail's files go with its case: purging the case (rules 6.2) removes the rows, and the periodic
tick removes the encrypted files no row points to any more."""

from __future__ import annotations

import os
import time

from sqlalchemy import select

from dsar.cases.models import Case
from dsar.core.db import db, utcnow
from dsar.mailbox import store
from dsar.mailbox.models import IncomingMail
from dsar.mailbox.service import fetch_new_mail, join_case
from dsar.retention.service import purge_case
from tests.mailbox.mails import plain
from tests.support.forms import FormClient


def age(path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_purging_a_case_removes_its_mails_and_then_their_files(app, client, imap):
    FormClient(client).submit_request()
    imap.deliver(plain("aanvulling", attachments=[("bijlage.pdf", b"%PDF-1.4 x")]))
    fetch_new_mail()
    mail = db.session.scalars(select(IncomingMail)).one()
    join_case(mail, db.session.scalars(select(Case)).one(), actor_id=None)
    db.session.commit()
    files = sorted(store.root().glob("*.bin"))
    assert len(files) == 2  # the original and the attachment

    case = db.session.scalars(select(Case)).one()
    case.state, case.closed_at = "closed", utcnow()  # closed years ago, as the purge requires
    purge_case(case)
    db.session.commit()
    assert db.session.scalars(select(IncomingMail)).all() == []

    assert store.remove_orphans() == 0  # too young: could belong to a transaction in flight
    for path in files:
        age(path, store.ORPHAN_SECONDS + 60)
    assert store.remove_orphans() == 2
    assert list(store.root().glob("*.bin")) == []


def test_files_of_live_mail_are_never_removed(app, imap):
    imap.deliver(plain("inzage", attachments=[("bijlage.pdf", b"%PDF-1.4 x")]))
    fetch_new_mail()
    for path in store.root().glob("*.bin"):
        age(path, store.ORPHAN_SECONDS + 60)
    assert store.remove_orphans() == 0
    mail = db.session.scalars(select(IncomingMail)).one()
    assert b"inzage" in store.read_raw(mail)
