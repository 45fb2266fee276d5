"""Bulk actions on the queue: every ticked case is checked on its own, refusals are reported per
case and leave that case untouched, the rest goes through and is on the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.cases.models import Case
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.accounts.test_sign_in import sign_in
from tests.intake.test_offline import register

MARCH = datetime(2026, 3, 2, 9, tzinfo=UTC)


def submit(forms, **overrides) -> Case:
    with time_machine.travel(MARCH, tick=False):
        forms.submit_request(**overrides)
    return db.session.scalars(select(Case).order_by(Case.id.desc())).first()


def bulk(forms, cases, **fields):
    data = {"case": [c if isinstance(c, str) else c.reference for c in cases], **fields}
    return forms.post("/staff/cases/bulk", data, form_path="/staff/cases")


def flashes(client) -> str:
    return client.get("/staff/cases").get_data(as_text=True)


def fresh(case: Case) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_bulk_assign_assigns_each_case_and_audits_it(forms, client, staff):
    cases = [submit(forms, email=f"p{n}@example.org") for n in range(3)]
    handler, colleague = staff("handler"), staff("dpo", email="dpo@example.org")
    sign_in(forms)
    response = bulk(forms, cases[:2], action="assign", assignee=str(colleague.id))
    assert response.status_code == 302
    assert [fresh(c).assignee_id for c in cases] == [colleague.id, colleague.id, None]
    assert f"Done for 2 cases: {cases[0].reference}, {cases[1].reference}" in flashes(client)
    trail = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "case.assigned")).all()
    assert sorted(e.case_id for e in trail) == sorted(c.id for c in cases[:2])
    assert {e.actor_id for e in trail} == {handler.id}
    bulk(forms, cases[:1], action="assign", assignee="")  # nobody: unassign
    assert fresh(cases[0]).assignee_id is None


def test_nobody_is_assigned_to_an_auditor_or_an_unknown_account(forms, client, staff):
    case = submit(forms)
    staff("handler")
    auditor = staff("auditor", email="auditor@example.org")
    sign_in(forms)
    for assignee in (str(auditor.id), "999999"):
        bulk(forms, [case], action="assign", assignee=assignee)
        assert "admins, DPOs or handlers only" in flashes(client)
    assert fresh(case).assignee_id is None


def test_mark_duplicate_with_partial_failures_reported_per_case(forms, client, staff):
    original = submit(forms, rights=["access", "erasure"], email="an@example.org")
    repeat = submit(forms, rights=["access"], email="AN@example.org")
    stranger = submit(forms, rights=["access"], email="bo@example.org")
    wider = submit(forms, rights=["access", "portability"], email="an@example.org")
    staff("handler")
    sign_in(forms)
    response = bulk(
        forms,
        [repeat, stranger, wider, "ZZZZ-ZZZZ"],
        action="duplicate",
        duplicate_of=original.reference.lower(),
        reason="Sent twice from the same mailbox",
    )
    assert response.status_code == 302
    page = flashes(client)
    assert f"Done for 1 case: {repeat.reference}" in page
    assert f"Not done for {stranger.reference}: the other case has another requester" in page
    assert f"Not done for {wider.reference}: the other case does not cover portability" in page
    assert "Not done for ZZZZ-ZZZZ: there is no case with that reference" in page

    repeat, stranger, wider = fresh(repeat), fresh(stranger), fresh(wider)
    assert (repeat.state, repeat.closed_as, repeat.duplicate_of_id) == ("closed", "duplicate", original.id)
    assert repeat.closure_note == "Sent twice from the same mailbox" and repeat.closed_at is not None
    for untouched in (stranger, wider):  # nothing half-applied
        assert (untouched.state, untouched.closed_at, untouched.closed_as) == (
            "awaiting_verification",
            None,
            None,
        )
        assert untouched.duplicate_of_id is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "case.closed_as_duplicate")
    ).one()
    assert entry.case_id == repeat.id and entry.detail == {"duplicate_of_id": original.id}
    case_page = client.get(f"/staff/cases/{repeat.reference}").get_data(as_text=True)
    assert "Closed as a duplicate" in case_page and f'href="/staff/cases/{original.reference}"' in case_page


def test_a_repeat_of_an_answered_case_is_not_a_duplicate(forms, client, staff):
    original = submit(forms, email="an@example.org")
    repeat = submit(forms, email="an@example.org")
    original.state = "answered"
    db.session.commit()
    staff("handler")
    sign_in(forms)
    bulk(forms, [repeat], action="duplicate", duplicate_of=original.reference, reason="Again")
    assert "a repeated request is a new request" in flashes(client)
    assert fresh(repeat).closed_at is None


def test_duplicate_and_spam_need_a_reason(forms, client, staff):
    case = submit(forms)
    staff("handler")
    sign_in(forms)
    bulk(forms, [case], action="spam", reason="  ")
    assert "Write the reason; it stays on each case file." in flashes(client)
    bulk(forms, [case], action="duplicate", duplicate_of="not a ref", reason="x")
    assert "Give the reference of the case it repeats" in flashes(client)
    assert fresh(case).closed_at is None


def test_spam_only_for_a_submission_nobody_stands_behind(forms, client, staff):
    bot = submit(forms, email="bot@spam.example")
    staff("handler")
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC), tick=False):
        sign_in(forms)
        register(forms, received_local="2026-03-03T09:00", email="marie@example.org")
    sign_in(forms)  # the session above ended with the travel
    letter = db.session.scalars(select(Case).where(Case.channel == "letter")).one()
    bulk(forms, [bot, letter], action="spam", reason="Advertising text, address never confirmed")
    page = flashes(client)
    assert f"Done for 1 case: {bot.reference}" in page
    assert f"Not done for {letter.reference}: the requester is identifiable" in page
    assert (fresh(bot).state, fresh(bot).closed_as) == ("closed", "spam")
    assert fresh(letter).closed_at is None
    assert bot.reference not in client.get("/staff/cases").get_data(as_text=True).split("</form>")[-1]


def test_auditors_cannot_act_in_bulk_and_see_no_checkboxes(forms, client, staff):
    case = submit(forms)
    auditor = staff("auditor", email="auditor@example.org")
    sign_in(forms, email="auditor@example.org")
    page = client.get("/staff/cases").get_data(as_text=True)
    assert case.reference in page and 'name="case"' not in page and 'id="bulk"' not in page
    response = bulk(forms, [case], action="spam", reason="x")  # with a valid CSRF token
    assert response.status_code == 403
    assert fresh(case).closed_at is None and auditor.role == "auditor"


def test_bulk_refuses_too_many_or_no_cases(forms, client, staff):
    staff("handler")
    sign_in(forms)
    bulk(forms, [], action="spam", reason="x")
    assert "Tick between 1 and 100 cases." in flashes(client)
    assert db.session.scalar(select(StaffUser.id)) is not None


def test_without_a_csrf_token_or_with_junk_nothing_changes(forms, client, staff):
    case = submit(forms)
    staff("handler")
    sign_in(forms)
    response = client.post(
        "/staff/cases/bulk", data={"case": [case.reference], "action": "spam", "reason": "x"}
    )
    assert response.status_code == 400
    bulk(forms, [case], action="assign", assignee="1 OR 1=1")
    assert "Not a valid integer value." in flashes(client)
    bulk(forms, [case], action="delete_everything", reason="x")
    assert "Not a valid choice." in flashes(client)
    bulk(forms, ["<script>alert(1)</script>"], action="spam", reason="x")
    page = flashes(client)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert fresh(case).closed_at is None and fresh(case).assignee_id is None
