"""ID copies do not outlive their purpose (rules.md 5.4, security.md S-05/S-06): deleted at the
decision, and by the periodic sweep 7 days after upload at the latest; abandoned proposals and
files a crash left behind go too. The sweep is idempotent."""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

import time_machine
from sqlalchemy import select

from dsar.cases.models import CaseEvent
from dsar.core.db import db, utcnow
from dsar.identity import retention, storage
from dsar.identity.models import CopyStatus
from tests.identity import cards
from tests.identity.conftest import (
    assert_invariant,
    copies,
    files_on_disk,
    post_upload,
    proposed_copy,
    stored_copy,
)


def test_an_unchecked_copy_is_deleted_seven_days_after_upload(app, forms, client, staff, caplog):
    # Alembic's fileConfig() (run by the migrations fixture) disables loggers that existed before it.
    logging.getLogger("dsar.identity.retention").disabled = False
    copy, _link = stored_copy(forms, client, staff)
    uploaded = copy.uploaded_at
    with time_machine.travel(uploaded + timedelta(days=6, hours=23), tick=False):
        assert retention.sweep_expired_id_copies() == 0
    assert copies()[0].status == CopyStatus.STORED and len(files_on_disk(app)) == 1

    with time_machine.travel(uploaded + timedelta(days=7, minutes=1), tick=False):
        assert retention.sweep_expired_id_copies() == 1
        assert retention.sweep_expired_id_copies() == 0  # running again changes nothing
    [gone] = copies()
    assert gone.status == CopyStatus.DELETED and gone.deleted_reason == "retention"
    assert files_on_disk(app) == set()
    kinds = [event.kind for event in db.session.scalars(select(CaseEvent))]
    assert "id_copy_expired_unchecked" in kinds and "id_copy_deleted" in kinds
    assert "reached its retention limit without a decision" in caplog.text  # the alert
    assert_invariant(app)


def test_the_periodic_tick_runs_the_sweep(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    from dsar.core.periodic import tick

    with time_machine.travel(copy.uploaded_at + timedelta(days=8), tick=False):
        tick()
    assert copies()[0].status == CopyStatus.DELETED and files_on_disk(app) == set()


def test_a_proposal_nobody_accepts_is_deleted_after_a_day(app, client, jobs, link):
    assert proposed_copy(link).status == CopyStatus.PROPOSED
    with time_machine.travel(utcnow() + timedelta(hours=25), tick=False):
        retention.sweep_expired_id_copies()
    assert copies()[1].deleted_reason == "abandoned" and files_on_disk(app) == set()


def test_a_queued_copy_whose_job_was_lost_is_dispatched_again(app, client, jobs, link):
    post_upload(client, link, cards.to_png(cards.make("be_eid", cards.FIELDS).image))
    jobs.queued.clear()  # the job was lost (Redis down, worker killed)
    with time_machine.travel(utcnow() + timedelta(minutes=11), tick=False):
        retention.sweep_expired_id_copies()
    assert [path for path, _ids in jobs.queued] == ["dsar.identity.jobs.inspect_id_copy"]


def test_files_without_a_row_are_removed_once_they_are_old(app, forms, client, staff):
    stored_copy(forms, client, staff)
    root = storage.root()
    orphan_old, orphan_new = root / ("a" * 32 + ".bin"), root / ("b" * 32 + ".bin")
    orphan_old.write_bytes(b"left by a crash")
    orphan_new.write_bytes(b"a transaction still in flight")
    two_hours_ago = time.time() - 7200
    os.utime(orphan_old, (two_hours_ago, two_hours_ago))
    retention.sweep_expired_id_copies()
    assert not orphan_old.exists() and orphan_new.exists()
    orphan_new.unlink()
    assert_invariant(app)


def test_closing_the_case_removes_its_id_copy_at_the_next_sweep(app, forms, client, staff):
    copy, _link = stored_copy(forms, client, staff)
    from dsar.cases.models import Case

    case = db.session.get(Case, copy.case_id)
    case.state = "closed"
    case.closed_at = utcnow()
    db.session.commit()
    assert retention.sweep_expired_id_copies() == 1
    assert copies()[0].deleted_reason == "case_closed" and files_on_disk(app) == set()
