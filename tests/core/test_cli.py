"""The commands an operator runs: first setup, staff accounts, the sweep."""

from __future__ import annotations

from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.core.db import db


def test_init_creates_one_first_admin_and_prints_its_password_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["dsar", "init"])
    second = runner.invoke(args=["dsar", "init"])

    assert first.exit_code == 0 and "password:" in first.output
    assert second.exit_code == 0 and "password:" not in second.output
    assert [user.role for user in db.session.scalars(select(StaffUser))] == ["admin"]


def test_create_staff_refuses_short_passwords_and_duplicates(app):
    runner = app.test_cli_runner()
    args = ["dsar", "create-staff", "--email", "dpo@example.org", "--name", "Dee", "--role", "dpo"]
    short = runner.invoke(args=[*args, "--password", "short"])
    ok = runner.invoke(args=[*args, "--password", "long enough password"])
    again = runner.invoke(args=[*args, "--password", "long enough password"])

    assert short.exit_code != 0 and "12 characters" in short.output
    assert ok.exit_code == 0
    assert again.exit_code != 0 and "already exists" in again.output


def test_sweep_runs_the_periodic_work(app, forms):
    forms.submit_request()
    result = app.test_cli_runner().invoke(args=["dsar", "sweep"])
    assert result.exit_code == 0, result.output
