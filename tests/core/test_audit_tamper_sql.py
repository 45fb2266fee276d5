"""Tampering straight in the database, as someone with SQL access but without the audit key would:
``flask dsar audit verify`` exits non-zero and names the first bad entry (security.md Z-05)."""

from __future__ import annotations

from sqlalchemy import select, text

from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db


def chain(n: int = 8) -> list[int]:
    for i in range(n):
        audit.record("case.viewed", actor_id=1, case_id=100 + i, seen=i)
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def sql(statement: str, **params) -> None:
    db.session.execute(text(statement), params)
    db.session.commit()


def verify(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["dsar", "audit", "verify"])
    return result.exit_code, result.output


def test_an_update_in_sql_is_named(app):
    ids = chain()
    sql("UPDATE audit_entry SET actor_id = 2 WHERE id = :id", id=ids[5])
    code, output = verify(app)
    assert code == 1 and f"broken at entry {ids[5]}: was changed (5 entries verified before it)" in output


def test_a_changed_timestamp_is_named(app):
    ids = chain()
    row = db.session.get(AuditEntry, ids[1])
    sql("UPDATE audit_entry SET at = :at WHERE id = :id", at=row.at.replace(year=2020), id=ids[1])
    assert verify(app) == (
        1,
        f"audit trail broken at entry {ids[1]}: was changed (1 entries verified before it)\n",
    )


def test_a_delete_in_sql_is_named_at_the_entry_after_the_gap(app):
    ids = chain()
    sql("DELETE FROM audit_entry WHERE id = :id", id=ids[3])
    code, output = verify(app)
    assert code == 1 and f"broken at entry {ids[4]}: does not follow the previous entry" in output


def test_an_insert_in_sql_is_named(app):
    """A forged row slipped between two genuine ones: ids are spread first to make room, which the
    MAC does not cover, so only the forged row breaks the chain."""
    ids = chain()
    sql("UPDATE audit_entry SET id = id * 10")
    genuine = db.session.get(AuditEntry, ids[2] * 10)
    sql(
        "INSERT INTO audit_entry (id, at, actor_id, ip, action, case_id, detail, prev_mac, mac) "
        "VALUES (:id, :at, 1, NULL, 'case.viewed', 999, '{}', :prev, :mac)",
        id=ids[2] * 10 + 5,
        at=genuine.at,
        prev=genuine.mac,
        mac="a" * 64,
    )
    code, output = verify(app)
    assert code == 1 and f"broken at entry {ids[2] * 10 + 5}: was changed" in output


def test_a_replayed_genuine_row_is_named(app):
    """Copying a real entry (with its valid MAC) elsewhere in the chain: it does not follow."""
    ids = chain()
    sql("UPDATE audit_entry SET id = id * 10")
    sql(
        "INSERT INTO audit_entry (id, at, actor_id, ip, action, case_id, detail, prev_mac, mac) "
        "SELECT id + 5, at, actor_id, ip, action, case_id, detail, prev_mac, mac "
        "FROM audit_entry WHERE id = :id",
        id=ids[2] * 10,
    )
    code, output = verify(app)
    assert code == 1 and f"broken at entry {ids[2] * 10 + 5}: does not follow the previous entry" in output


def test_an_untouched_chain_passes(app):
    chain()
    assert verify(app) == (0, "audit trail intact: 8 entries\n")
