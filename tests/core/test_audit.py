"""The audit trail is HMAC-chained: a changed, removed or inserted row is found, and named."""

from __future__ import annotations

import threading

from sqlalchemy import delete, func, select, text, update

from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db


def fill(n: int = 6) -> list[int]:
    for i in range(n):
        audit.record("case.viewed", actor_id=1, case_id=i)
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def verify_cli(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["dsar", "audit", "verify"])
    return result.exit_code, result.output


def test_an_untouched_trail_verifies(app):
    fill()
    assert verify_cli(app) == (0, "audit trail intact: 6 entries\n")


def test_a_changed_row_is_found(app):
    ids = fill()
    db.session.execute(update(AuditEntry).where(AuditEntry.id == ids[3]).values(case_id=999))
    db.session.commit()
    code, output = verify_cli(app)
    assert code == 1 and f"broken at entry {ids[3]}: was changed" in output


def test_a_removed_row_is_found(app):
    ids = fill()
    db.session.execute(delete(AuditEntry).where(AuditEntry.id == ids[2]))
    db.session.commit()
    code, output = verify_cli(app)
    assert code == 1 and f"broken at entry {ids[3]}" in output and "removed or inserted" in output


def test_removing_the_last_rows_is_found(app):
    ids = fill()
    db.session.execute(delete(AuditEntry).where(AuditEntry.id >= ids[4]))
    db.session.commit()
    code, output = verify_cli(app)
    assert code == 1 and "removed from the end" in output


def test_an_inserted_row_is_found(app):
    ids = fill()
    forged = AuditEntry(
        at=db.session.get(AuditEntry, ids[2]).at,
        actor_id=1,
        action="case.viewed",
        case_id=42,
        detail={},
        prev_mac=db.session.get(AuditEntry, ids[2]).mac,
        mac="f" * 64,
    )
    db.session.add(forged)
    db.session.commit()
    db.session.execute(update(AuditEntry).where(AuditEntry.id == forged.id).values(id=ids[2] * 1000))
    db.session.commit()
    assert verify_cli(app)[0] == 1


def test_case_work_and_sign_ins_are_on_the_trail(forms, client, staff):
    from tests.accounts.test_sign_in import sign_in

    forms.submit_request()
    staff("handler")
    sign_in(forms, password="wrong password!")
    sign_in(forms)
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[:2] == ["case.submitted", "case.acknowledgement_queued"]
    assert actions[-3:] == ["staff.sign_in_failed", "staff.password_accepted", "staff.sign_in"]
    assert audit.verify().ok


def test_concurrent_writers_still_form_one_chain(make_app):
    app = make_app()

    def writer():
        with app.app_context():
            for _ in range(10):
                audit.record("case.viewed", actor_id=1)
                db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.scalar(select(func.count(AuditEntry.id))) == 40
        assert audit.verify().ok
        db.session.execute(text("SELECT 1"))


def test_an_entry_recorded_in_a_rolled_back_savepoint_is_not_on_the_trail(app):
    audit.record("case.viewed", actor_id=1, case_id=1)
    try:
        with db.session.begin_nested():
            audit.record("case.viewed", actor_id=1, case_id=2)
            raise RuntimeError("the step failed")
    except RuntimeError:
        pass
    with db.session.begin_nested():
        audit.record("case.viewed", actor_id=1, case_id=3)
    db.session.commit()
    audit.record("case.viewed", actor_id=1, case_id=4)
    db.session.rollback()
    assert list(db.session.scalars(select(AuditEntry.case_id).order_by(AuditEntry.id))) == [1, 3]
    assert audit.verify().ok


def test_a_transaction_still_at_work_does_not_hold_up_other_writers(make_app):
    """The chain is extended at commit: a request still rendering its mails (here: waiting) lets
    every other writer append meanwhile, and both entries end up on one chain."""
    app = make_app()
    other_committed = threading.Event()

    def slow_writer():
        with app.app_context():
            audit.record("case.viewed", actor_id=1, case_id=1)
            other_committed.wait(timeout=60)
            db.session.commit()
            db.session.remove()

    slow = threading.Thread(target=slow_writer)
    slow.start()
    with app.app_context():
        audit.record("case.viewed", actor_id=2, case_id=2)
        db.session.commit()
        other_committed.set()
        slow.join()
        assert list(db.session.scalars(select(AuditEntry.case_id).order_by(AuditEntry.id))) == [2, 1]
        assert audit.verify().ok
