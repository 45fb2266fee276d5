"""Anchors of the audit trail (issue 13 item 2, security.md Z-05): the tampering the chain alone
cannot see, done in SQL, is caught by ``flask dsar audit verify --anchor``; the periodic tick writes
one anchor a day to an append-only file and mails it to the DPO."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select, text

from dsar import config
from dsar.core import audit
from dsar.core.audit import AuditEntry, compute_mac
from dsar.core.audit_anchor import FILE_NAME
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.core.periodic import tick

ROOT = Path(__file__).resolve().parents[2]


def chain(n: int) -> None:
    for i in range(n):
        audit.record("case.viewed", actor_id=1, case_id=100 + i, seen=i)
    db.session.commit()


def sql(statement: str, **params) -> None:
    db.session.execute(text(statement), params)
    db.session.commit()


def cli(app, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["dsar", "audit", *args])
    return result.exit_code, result.output


def take_anchor(app) -> str:
    code, output = cli(app, "anchor")
    assert code == 0, output
    [line] = output.splitlines()
    return line


def ids() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def reset_head_to_last_entry() -> None:
    """What the attacker of issue 13 did after cutting the tail: the head row agrees again."""
    remaining = ids()
    last = db.session.get(AuditEntry, remaining[-1]).mac if remaining else audit.GENESIS
    sql("UPDATE audit_head SET count = :count, last_mac = :mac WHERE id = 1", count=len(remaining), mac=last)


def test_the_anchor_names_the_head_and_a_later_trail_still_holds_it(app):
    chain(5)
    line = take_anchor(app)
    head = db.session.get(AuditEntry, ids()[-1])
    assert line.startswith("dsar-audit-anchor v1 count=5 mac=" + head.mac + " at=")
    chain(3)  # the trail grows after the anchor: still fine
    assert cli(app, "verify", "--anchor", line) == (
        0,
        "audit trail intact: 8 entries, including entry 5 of the anchor\n",
    )


def test_a_cut_tail_with_a_reset_head_passes_the_chain_but_not_the_anchor(app):
    chain(8)
    line = take_anchor(app)
    sql("DELETE FROM audit_entry WHERE id > :id", id=ids()[4])
    reset_head_to_last_entry()
    assert cli(app, "verify") == (0, "audit trail intact: 5 entries\n")  # the chain alone is fooled
    code, output = cli(app, "verify", "--anchor", line)
    assert code == 1
    assert "the trail holds 5 entries" in output and "names 8 (entries were removed)" in output


def test_a_trail_deleted_entirely_with_its_head_fails_against_the_anchor(app):
    chain(4)
    line = take_anchor(app)
    sql("DELETE FROM audit_entry")
    sql("DELETE FROM audit_head")
    assert cli(app, "verify")[0] == 0
    code, output = cli(app, "verify", "--anchor", line)
    assert code == 1 and "the trail holds 0 entries" in output and "names 4" in output


def test_the_head_entry_deleted_and_the_head_row_reset_fails_against_the_anchor(app):
    chain(6)
    line = take_anchor(app)
    sql("DELETE FROM audit_entry WHERE id = :id", id=ids()[-1])
    reset_head_to_last_entry()
    assert cli(app, "verify")[0] == 0
    code, output = cli(app, "verify", "--anchor", line)
    assert code == 1 and "the trail holds 5 entries" in output and "names 6" in output


def test_a_trail_rewritten_with_the_key_fails_against_the_anchor(app):
    """Someone who read the audit key (the template escape of issue 13 item 1 could) recomputes every
    MAC after changing an entry: the chain verifies, the anchor does not."""
    chain(5)
    line = take_anchor(app)
    first = ids()[0]
    sql("UPDATE audit_entry SET actor_id = 99 WHERE id = :id", id=first)
    key, prev = app.config["AUDIT_KEY"].encode(), audit.GENESIS
    for entry_id in ids():
        entry = db.session.get(AuditEntry, entry_id)
        mac = compute_mac(key, prev, entry)
        sql(
            "UPDATE audit_entry SET prev_mac = :prev, mac = :mac WHERE id = :id",
            prev=prev,
            mac=mac,
            id=entry_id,
        )
        prev = mac
    sql("UPDATE audit_head SET last_mac = :mac WHERE id = 1", mac=prev)
    assert cli(app, "verify") == (0, "audit trail intact: 5 entries\n")
    code, output = cli(app, "verify", "--anchor", line)
    assert code == 1
    assert f"broken at entry {ids()[-1]}: is not entry 5 of the anchor" in output and "rewritten" in output


@pytest.mark.parametrize(
    "forge",
    [
        lambda line: line.replace("count=5", "count=3"),  # a shorter trail passed off as anchored
        lambda line: line[:-1] + ("0" if line[-1] != "0" else "1"),  # a changed tag
        lambda line: line.replace("dsar-audit-anchor v1", "anchor"),
    ],
    ids=["count", "tag", "format"],
)
def test_a_forged_or_altered_anchor_is_refused(app, forge):
    chain(5)
    code, output = cli(app, "verify", "--anchor", forge(take_anchor(app)))
    assert code == 1 and output.startswith("audit anchor refused: ")


def test_an_anchor_made_with_another_audit_key_is_refused(make_app):
    other = make_app(AUDIT_KEY="another-audit-key-" + "z" * 32)
    with other.app_context():
        chain(2)
        line = take_anchor(other)
    app = make_app()
    with app.app_context():
        code, output = cli(app, "verify", "--anchor", line)
    assert code == 1 and "made with another audit key" in output


def test_no_anchor_is_taken_of_a_broken_trail(app):
    chain(3)
    sql("UPDATE audit_entry SET actor_id = 2 WHERE id = :id", id=ids()[1])
    code, output = cli(app, "anchor")
    assert code == 1 and "broken at entry" in output and "no anchor taken" in output


def test_the_tick_writes_one_anchor_a_day_to_the_file_and_mails_the_dpo(make_app, tmp_path):
    anchors = tmp_path / "anchors"
    app = make_app(AUDIT_ANCHOR_DIR=str(anchors), DPO_EMAIL="dpo@example.org")
    with app.app_context():
        chain(3)
        day_one = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
        with time_machine.travel(day_one, tick=False):
            tick()
            tick()  # a second tick the same day writes nothing
        chain(2)
        with time_machine.travel(day_one + timedelta(days=1), tick=False):
            tick()
        lines = (anchors / FILE_NAME).read_text().splitlines()
        assert [line.split()[2] for line in lines] == ["count=3", "count=5"]
        assert all(cli(app, "verify", "--anchor", line)[0] == 0 for line in lines)
        mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [mail.to_address for mail in mails] == ["dpo@example.org", "dpo@example.org"]
        assert lines[0] in mails[0].body_text and "Audit trail anchor of" in mails[0].subject
        assert (anchors / FILE_NAME).stat().st_mode & 0o077 == 0


def test_the_tick_raises_the_alarm_when_the_trail_no_longer_verifies(make_app, tmp_path):
    anchors = tmp_path / "anchors"
    app = make_app(AUDIT_ANCHOR_DIR=str(anchors), DPO_EMAIL="dpo@example.org")
    with app.app_context():
        chain(3)
        sql("DELETE FROM audit_entry WHERE id = :id", id=ids()[0])
        tick()
        [line] = (anchors / FILE_NAME).read_text().splitlines()
        assert line.startswith("dsar-audit-alarm v1 at=") and "does not follow the previous entry" in line
        [mail] = db.session.scalars(select(OutboxMessage)).all()
        assert "failed its check" in mail.subject and "does not follow the previous entry" in mail.body_text


def test_the_anchor_folder_may_not_be_the_sqlite_database_folder(tmp_path):
    settings = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dsar.db'}",
        "AUDIT_ANCHOR_DIR": str(tmp_path / "a"),
        "SECRET_KEY": "s" * 40,
        "AUDIT_KEY": "a" * 40,
    }
    with pytest.raises(config.ConfigError, match="outside the folder of the SQLite database"):
        config.build(settings, environ={})
    config.build({**settings, "AUDIT_ANCHOR_DIR": str(tmp_path.parent / "elsewhere")}, environ={})


def test_the_readme_commands_anchor_and_verify_in_a_shell(app, migrated, tmp_path):
    """``flask --app app dsar audit anchor`` and ``... verify --anchor "<line>"`` as the README shows."""
    chain(3)
    env = {
        **os.environ,
        "DSAR_DATABASE_URL": migrated,
        "DSAR_SECRET_KEY": app.config["SECRET_KEY"],
        "DSAR_AUDIT_KEY": app.config["AUDIT_KEY"],
        "DSAR_UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    flask = [sys.executable, "-m", "flask", "--app", "app", "dsar", "audit"]
    anchor = subprocess.run(
        [*flask, "anchor"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert anchor.returncode == 0, anchor.stderr
    line = anchor.stdout.strip()
    assert line.startswith("dsar-audit-anchor v1 count=3 ")
    sql("DELETE FROM audit_entry WHERE id = :id", id=ids()[-1])
    reset_head_to_last_entry()
    verify = subprocess.run(
        [*flask, "verify", "--anchor", line], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert verify.returncode == 1 and "names 3 (entries were removed)" in verify.stdout
