"""Erasure and rectification against SQL sources (rules 2.2, 2.3): configured statements, a dry run
that counts the rows, approval by the DPO or an admin, then execution with the evidence on the case.

A statement is one DELETE (erasure) or UPDATE (rectification) with a WHERE clause and the identifier
as a bound parameter; rectification takes the corrected value as ``:new_value``. The dry run counts
the rows the WHERE clause matches on a read-only connection. Execution runs the statement in one
transaction and rolls it back if it would touch a different number of rows than the approved dry
run (the data changed meanwhile). The evidence keeps counts, times and people, never the erased
content (rules 2.3: the case file must not re-create erased data)."""

from __future__ import annotations

import hashlib

import sqlglot
from flask_babel import gettext as _
from sqlalchemy import select, text
from sqlglot import exp

from dsar.cases.models import Case
from dsar.cases.service import record_event
from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.exports.admin import ConfigRefused
from dsar.exports.models import ChangeRun, ChangeStatement, DataSource
from dsar.exports.sealing import unseal
from dsar.exports.service import identifiers_of
from dsar.exports.sources import SourceError, driver_errors_worded, open_engine

KINDS = {"erasure": exp.Delete, "rectification": exp.Update}


def parse_change(statement: str, right: str, identifier: str) -> exp.Expression:
    try:
        trees = [tree for tree in sqlglot.parse(statement, read="postgres") if tree is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise ConfigRefused(_("The statement could not be read as SQL.")) from exc
    wanted = KINDS[right]
    if len(trees) != 1 or not isinstance(trees[0], wanted) or not trees[0].args.get("where"):
        raise ConfigRefused(
            _("Erasure needs one DELETE, rectification one UPDATE, each with a WHERE clause.")
        )
    if f":{identifier}" not in statement or (right == "rectification" and ":new_value" not in statement):
        raise ConfigRefused(
            _("Use the identifier as :%(name)s (and :new_value for a correction).", name=identifier)
        )
    return trees[0]


def count_statement(statement: str, right: str, identifier: str) -> str:
    """The dry run: the same table and WHERE clause, counted."""
    tree = parse_change(statement, right, identifier)
    return (
        exp.select(exp.Count(this=exp.Star()))
        .from_(tree.this.copy())
        .where(tree.args["where"].this.copy())
        .sql()
    )


def add_change_statement(
    source: DataSource, name: str, right: str, identifier: str, statement: str, actor_id
):
    if source.kind != "sql":
        raise ConfigRefused(_("Erasure and rectification statements need an SQL source."))
    if right not in KINDS or not name.strip() or len(name) > 100:
        raise ConfigRefused(_("Give the statement a name and choose erasure or rectification."))
    count_statement(statement, right, identifier)
    change = ChangeStatement(
        source=source, name=name.strip(), right=right, identifier=identifier, statement=statement
    )
    db.session.add(change)
    db.session.flush()
    audit.record("exports.change_statement_added", actor_id, None, source=source.id, statement=change.id)
    return change


def all_statements() -> dict[int, list[ChangeStatement]]:
    found: dict[int, list[ChangeStatement]] = {}
    for change in db.session.scalars(select(ChangeStatement).order_by(ChangeStatement.name)):
        found.setdefault(change.source_id, []).append(change)
    return found


def runs_for(case: Case) -> list[ChangeRun]:
    return list(
        db.session.scalars(select(ChangeRun).where(ChangeRun.case_id == case.id).order_by(ChangeRun.id))
    )


def statements_for(case: Case) -> list[ChangeStatement]:
    rights = [right for right in case.rights if right in KINDS]
    return list(
        db.session.scalars(
            select(ChangeStatement).where(ChangeStatement.right.in_(rights)).order_by(ChangeStatement.name)
        )
    )


def _params(change: ChangeStatement, case: Case, new_value: str | None) -> dict:
    value = identifiers_of(case).get(change.identifier)
    if value is None:
        raise ConfigRefused(_("The case holds no %(name)s to look the person up by.", name=change.identifier))
    params = {change.identifier: value}
    if change.right == "rectification":
        if not (new_value or "").strip():
            raise ConfigRefused(_("Give the corrected value."))
        params["new_value"] = new_value.strip()
    return params


def dry_run(change: ChangeStatement, case: Case, actor_id: int, new_value: str | None = None) -> ChangeRun:
    """Count the rows the statement would touch (read-only) and keep the result for approval."""
    params = _params(change, case, new_value)
    counted = count_statement(change.statement, change.right, change.identifier)
    engine = open_engine(unseal(change.source.location_sealed), change.source.timeout_seconds)
    with driver_errors_worded(engine), engine.connect() as connection:
        rows = connection.execute(
            text(counted), {k: v for k, v in params.items() if k != "new_value"}
        ).scalar()
    run = ChangeRun(
        case_id=case.id,
        statement_id=change.id,
        status="dry_run",
        dry_run_rows=int(rows or 0),
        dry_run_by_id=actor_id,
        dry_run_at=utcnow(),
        new_value=params.get("new_value"),
        statement_sha256=hashlib.sha256(change.statement.encode()).hexdigest(),
    )
    db.session.add(run)
    db.session.flush()
    record_event(case, "change_dry_run", actor_id, run=run.id, statement=change.name, rows=run.dry_run_rows)
    return run


def approve_and_execute(run: ChangeRun, case: Case, actor_id: int) -> ChangeRun:
    """Approval and execution in one step by the DPO or an admin; the statement must be unchanged
    since the dry run and touch exactly the counted rows, or nothing is changed."""
    change = db.session.get(ChangeStatement, run.statement_id)
    if run.status != "dry_run":
        raise ConfigRefused(_("This dry run was already decided."))
    if hashlib.sha256(change.statement.encode()).hexdigest() != run.statement_sha256:
        raise ConfigRefused(_("The statement changed after the dry run; run the dry run again."))
    params = _params(change, case, run.new_value)
    run.approved_by_id, run.approved_at = actor_id, utcnow()
    try:
        affected = _execute(change, params, run.dry_run_rows)
    except (SourceError, _CountChanged) as exc:
        run.status, run.failure = "failed", str(exc)[:500]
        record_event(case, "change_failed", actor_id, run=run.id, statement=change.name, reason=run.failure)
        return run
    run.status, run.executed_at, run.affected_rows = "executed", utcnow(), affected
    record_event(
        case,
        "change_executed",
        actor_id,
        run=run.id,
        statement=change.name,
        right=change.right,
        rows=affected,
        dry_run_by=run.dry_run_by_id,
        statement_sha256=run.statement_sha256,
    )
    return run


class _CountChanged(Exception):
    pass


def _execute(change: ChangeStatement, params: dict, expected: int) -> int:
    engine = open_engine(unseal(change.source.location_sealed), change.source.timeout_seconds, writable=True)
    with driver_errors_worded(engine, keep=(_CountChanged,)):
        with engine.connect() as connection, connection.begin() as transaction:
            affected = connection.execute(text(change.statement), params).rowcount
            if affected != expected:
                transaction.rollback()
                raise _CountChanged(
                    _(
                        "It would change %(now)s rows, the dry run counted %(then)s; nothing was changed.",
                        now=affected,
                        then=expected,
                    )
                )
        return affected
