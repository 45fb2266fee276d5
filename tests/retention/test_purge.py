"""Case records are purged RETENTION_YEARS after closure (rules 6.2) unless a legal hold keeps
them; the purge deletes the personal data, leaves a tombstone, and the audit trail still verifies.
Time is controlled with time-machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from sqlalchemy import select, text

from dsar.accounts.models import StaffUser
from dsar.cases import files
from dsar.cases.models import Case, CaseMessage
from dsar.core import audit
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.retention.models import CaseTombstone
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import FormClient, hidden_fields
from tests.support.signin import code_for

CLOSED = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def closed_case(forms, closed_at=CLOSED) -> Case:
    """A case with the usual content: requester data, details, a message, a file on disk, mails."""
    with time_machine.travel(closed_at - timedelta(days=20), tick=False):
        forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    for sub in case.sub_requests:
        sub.outcome = "granted"
    db.session.add(CaseMessage(case_id=case.id, direction="out", body="Dear An Peeters, ..."))
    files.store(case.id, "answer_package", b"name,email\nAn Peeters,an.peeters@example.org\n", "data.csv")
    case.state, case.answered_at, case.closed_at = "closed", closed_at - timedelta(days=1), closed_at
    db.session.commit()
    return case


def cli(app, *args):
    return app.test_cli_runner().invoke(args=["dsar", *args])


def every_row_text() -> str:
    """All remaining rows of all tables, as text, to look for the requester's data."""
    dump = []
    for table in db.metadata.sorted_tables:
        dump += [repr(row) for row in db.session.execute(select(table))]
    return "\n".join(dump)


def test_a_dry_run_lists_and_a_purge_leaves_only_the_tombstone(app, forms):
    case = closed_case(forms)
    reference, case_id = case.reference, case.id
    stored = (
        Path(app.config["UPLOAD_DIR"])
        / "case-files"
        / db.session.scalars(select(files.CaseFile.stored_name)).one()
    )
    with time_machine.travel(datetime(2031, 3, 11, 12, tzinfo=UTC), tick=False):
        dry = cli(app, "purge", "--dry-run")
        assert dry.exit_code == 0 and reference in dry.output and "would purge 1," in dry.output
        assert db.session.get(Case, case_id) is not None and stored.exists()  # a dry run changes nothing
        result = cli(app, "purge")
    assert result.exit_code == 0 and result.output.endswith("purged: 1\n")
    db.session.expire_all()
    assert db.session.get(Case, case_id) is None and not stored.exists()
    remaining = every_row_text()
    assert "an.peeters" not in remaining and "An Peeters" not in remaining and "newsletter" not in remaining
    stone = db.session.scalars(select(CaseTombstone)).one()
    assert (stone.reference, stone.case_id, stone.closed_at) == (reference, case_id, CLOSED)
    assert {(r.right, r.outcome) for r in stone.rights} == {("access", "granted"), ("erasure", "granted")}
    assert len(stone.content_sha256) == 64 and stone.counts["sub_request"] == 2
    assert stone.counts["case_file"] == 1 and stone.counts["case_message"] == 1
    assert audit.verify().ok  # the trail still verifies after the purge
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case_id)).all()
    assert actions[0] == "case.submitted" and actions[-1] == "case.purged"
    assert cli(app, "purge").output.endswith("purged: 0\n")  # idempotent


def test_the_period_runs_from_closure_for_full_calendar_years(app, forms):
    closed_case(forms)
    # Closed 10 March 2026 (Brussels): kept through 10 March 2031, purged from the 11th.
    with time_machine.travel(datetime(2031, 3, 10, 22, 0, tzinfo=UTC), tick=False):  # 23:00 Brussels
        assert "would purge 0," in cli(app, "purge", "--dry-run").output
        assert cli(app, "purge").output.endswith("purged: 0\n")
    with time_machine.travel(datetime(2031, 3, 10, 23, 30, tzinfo=UTC), tick=False):  # 00:30 on the 11th
        assert cli(app, "purge").output.endswith("purged: 1\n")


def test_the_retention_period_is_configurable(make_app):
    app = make_app(RETENTION_YEARS=2)
    with app.app_context():
        closed_case(FormClient(app.test_client()))
        with time_machine.travel(datetime(2028, 3, 11, 12, tzinfo=UTC), tick=False):
            assert cli(app, "purge").output.endswith("purged: 1\n")


def test_the_command_runs_as_an_operator_runs_it(make_app):
    """`flask dsar purge` brings its own application context, like every other command."""
    result = make_app().test_cli_runner().invoke(args=["dsar", "purge", "--dry-run"])
    assert result.exit_code == 0 and result.output == "dry run: would purge 0, kept by a legal hold 0\n"


def test_open_cases_are_never_purged(app, forms):
    forms.submit_request()
    with time_machine.travel(datetime(2040, 1, 1, tzinfo=UTC), tick=False):
        assert cli(app, "purge").output.endswith("purged: 0\n")
    assert db.session.scalars(select(Case)).one()


def hold(client, case, action="legal-hold", reason="Complaint at the GBA, DOS-2031-00042"):
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    return client.post(
        f"/staff/cases/{case.reference}/{action}", data={**hidden_fields(page), "hold-reason": reason}
    )


def test_a_legal_hold_keeps_the_case_until_six_months_after_it_is_lifted(app, forms, client, staff):
    case = closed_case(forms)
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    assert hold(client, case).status_code == 302
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Complaint at the GBA, DOS-2031-00042" in page and "Lift the legal hold" in page
    with time_machine.travel(datetime(2031, 6, 1, tzinfo=UTC), tick=False):
        dry = cli(app, "purge", "--dry-run").output
        assert "kept by legal hold until it is lifted" in dry and "would purge 0," in dry
        assert cli(app, "purge").output.endswith("purged: 0\n")
    with time_machine.travel(datetime(2031, 7, 1, 9, tzinfo=UTC), tick=True):
        sign_in(forms, email="dpo@example.org")  # the earlier session has long expired
        assert hold(client, case, "legal-hold/lift", reason="Complaint closed by the GBA").status_code == 302
    with time_machine.travel(datetime(2032, 1, 1, 12, tzinfo=UTC), tick=False):  # the lift + 6 months
        assert "kept by legal hold until 2032-01-01" in cli(app, "purge", "--dry-run").output
    with time_machine.travel(datetime(2032, 1, 2, 12, tzinfo=UTC), tick=False):
        assert cli(app, "purge").output.endswith("purged: 1\n")
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case.id)).all()
    assert "case.legal_hold_set" in actions and "case.legal_hold_lifted" in actions
    assert audit.verify().ok


def test_only_the_dpo_sets_a_hold_and_always_with_a_reason(app, forms, client, staff):
    case = closed_case(forms)
    staff("handler")
    sign_in(forms)
    assert "Put the case on legal hold" not in client.get(f"/staff/cases/{case.reference}").get_data(True)
    assert hold(client, case).status_code == 403
    client.post("/staff/logout", data=hidden_fields(client.get("/staff/cases").get_data(True)))
    staff("dpo")
    sign_in(forms, email="dpo@example.org")
    response = hold(client, case, reason="   ")
    assert "Give the reason." in client.get(response.location).get_data(True)
    assert db.session.scalar(text("SELECT count(*) FROM legal_hold")) == 0


def test_the_periodic_tick_purges(app, forms):
    from dsar.core.periodic import tick

    case = closed_case(forms)
    with time_machine.travel(datetime(2031, 3, 12, tzinfo=UTC), tick=False):
        tick()
    db.session.expire_all()
    assert db.session.get(Case, case.id) is None and db.session.scalars(select(CaseTombstone)).one()


def test_the_purge_page_needs_a_fresh_sign_in(app, forms, client, staff):
    case = closed_case(forms)
    case_id, reference = case.id, case.reference  # the row is gone once the purge has run
    staff("dpo")
    with time_machine.travel(datetime(2031, 3, 12, 9, tzinfo=UTC), tick=True):
        sign_in(forms, email="dpo@example.org")
        page = client.get("/staff/retention")
        assert page.status_code == 200 and reference in page.get_data(True)
    with time_machine.travel(datetime(2031, 3, 12, 9, 20, tzinfo=UTC), tick=True):
        stale = client.get("/staff/retention")
        assert stale.status_code == 302 and "/staff/reauth" in stale.location
        dpo = db.session.scalar(select(StaffUser).where(StaffUser.email == "dpo@example.org"))
        reauth = forms.post(stale.location, {"password": "correct horse battery", "code": code_for(dpo)})
        assert reauth.status_code == 302 and reauth.location.endswith("/staff/retention")
        page = client.get("/staff/retention").get_data(True)
        done = client.post("/staff/retention", data=hidden_fields(page))
        assert "Cases purged: 1" in client.get(done.location).get_data(True)
    db.session.expire_all()
    assert db.session.get(Case, case_id) is None
    purge_entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.purged")).one()
    assert purge_entry.actor_id is not None and purge_entry.ip == "127.0.0.1"


def test_a_handler_cannot_open_the_purge_page(app, forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get("/staff/retention").status_code == 403


def test_a_periodic_run_purges_a_bounded_number(app, forms):
    from dsar.retention import service

    closed_case(forms)
    forms.submit_request(email="second@example.org")
    second = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    second.state, second.closed_at = "closed", CLOSED
    db.session.commit()
    with time_machine.travel(datetime(2031, 3, 12, tzinfo=UTC), tick=False):
        assert len(service.purge_expired(limit=1)) == 1
        assert len(service.purge_expired(limit=1)) == 1
        assert service.purge_expired(limit=1) == []
    assert db.session.scalar(text("SELECT count(*) FROM case_tombstone")) == 2
