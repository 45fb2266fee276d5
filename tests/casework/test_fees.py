"""Fees (rules C2, C3): never for a consent withdrawal or a direct-marketing objection; an approved
fee is announced by mail and letter with the amount and the reasons before anything is charged; the
right then waits for the payment, the withdrawal or a waiver while the clock keeps running."""

from __future__ import annotations

from sqlalchemy import select

from dsar.casework.models import Art125Approval
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from tests.casework.support import as_user, case_page, events, post, post_and_read, the_case, working_case
from tests.casework.test_approvals import answer_mails, describe_processing, propose, verdict


def mails(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


def approved_fee_case(forms, client, staff, rights=("access",)):
    case = working_case(forms, rights=list(rights))
    describe_processing()
    staff("handler")
    staff("dpo")
    as_user(forms, client, "handler@example.org")
    propose(client, case, kind="fee", justification="A third copy of the same data in two months", fee="25")
    assert mails("fee_notice") == []  # nothing goes out before the DPO approves
    as_user(forms, client, "dpo@example.org")
    verdict(client, case, "approve")
    as_user(forms, client, "handler@example.org")
    return case


def settle(client, case, settle_as: str) -> str:
    approval = db.session.scalars(select(Art125Approval)).one()
    return post_and_read(client, case, f"/fees/{approval.id}/{settle_as}", {})


def decide(client, case, **fields) -> str:
    sub = the_case(case.reference).sub_requests[0]
    return post_and_read(client, case, f"/rights/{sub.id}/decide", fields, f"d{sub.id}-")


def test_no_fee_for_a_consent_withdrawal(forms, client, staff):
    case = working_case(forms, rights=["consent_withdrawal"], consent_scope="Newsletter")
    staff("handler")
    as_user(forms, client, "handler@example.org")
    page = propose(client, case, kind="fee", justification="Many withdrawals", fee="10")
    assert "is always free: no fee can be charged for it" in page
    page = propose(client, case, kind="refusal", justification="Many withdrawals")
    assert "cannot be refused, so no Art. 12(5) refusal can be proposed" in page
    assert db.session.scalars(select(Art125Approval)).all() == []


def test_an_approved_fee_is_announced_and_holds_the_right_until_it_is_paid(forms, client, staff):
    case = approved_fee_case(forms, client, staff)
    due_before = the_case(case.reference).due_date
    [notice] = mails("fee_notice")
    assert "EUR 25.00" in notice.body_text and "A third copy of the same data" in notice.body_text
    assert "withdraw" in notice.body_text and "habitual residence" in notice.body_text
    assert "letter-" in notice.body_text  # the same notice as a PDF letter
    assert [e.data["letter"] for e in events("letter_attached")] == ["fee_notice"]
    assert events("fee_notified")[0].data["amount"] == "25.00"
    assert "waiting for payment or withdrawal" in case_page(client, case)

    page = decide(client, case, outcome="granted")
    assert "is announced and not paid" in page and the_case(case.reference).sub_requests[0].outcome is None
    assert the_case(case.reference).due_date == due_before  # a fee does not stop the clock

    assert "recorded as paid" in settle(client, case, "paid")
    assert "Record the payment" not in case_page(client, case)
    decide(client, case, outcome="granted")
    post_and_read(client, case, "/answer", {})
    assert len(answer_mails()) == 1 and the_case(case.reference).state == "answered"


def test_an_unpaid_fee_lets_the_right_be_refused_under_art_12_5(forms, client, staff):
    case = approved_fee_case(forms, client, staff)
    decide(client, case, outcome="refused", legal_ground="art_12_5", reasons="The fee was not paid.")
    decided = the_case(case.reference).sub_requests[0]
    assert decided.outcome == "refused" and decided.record["justification_12_5"].startswith("A third copy")


def test_the_requester_may_withdraw_after_the_notice(forms, client, staff):
    case = approved_fee_case(forms, client, staff)
    settle(client, case, "withdrawn")
    assert the_case(case.reference).sub_requests[0].outcome == "withdrawn"
    assert events("fee_withdrawn")
    page = client.get(settle_response(client, case, "paid").location).get_data(as_text=True)
    assert "already recorded as paid, withdrawn or waived" in page


def test_a_fee_is_not_recorded_as_paid_before_the_notice(forms, client, staff):
    case = working_case(forms, rights=["access"])
    staff("handler")
    as_user(forms, client, "handler@example.org")
    propose(client, case, kind="fee", justification="Third copy", fee="25")
    response = settle_response(client, case, "paid")
    assert "has not been sent the fee notice" in client.get(response.location).get_data(as_text=True)
    assert db.session.scalars(select(Art125Approval)).one().fee_status is None


def settle_response(client, case, settle_as: str):
    approval = db.session.scalars(select(Art125Approval)).one()
    return post(client, case, f"/fees/{approval.id}/{settle_as}", {})
