"""Art. 12(5) with four eyes: a handler proposes with a written justification, a DPO who is not the
proposer approves or rejects, and nothing goes out before that (rules C2, C3)."""

from __future__ import annotations

from sqlalchemy import select

from dsar.casework.models import Art125Approval
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.exports.models import ProcessingActivity
from tests.casework.support import as_user, case_page, events, post, post_and_read, the_case, working_case


def propose(client, case, kind="refusal", justification="Fifth identical request in 30 days", fee=""):
    sub = the_case(case.reference).sub_requests[0]
    fields = {"kind": kind, "justification": justification, "fee": fee}
    return post_and_read(client, case, f"/rights/{sub.id}/art12-5", fields, f"p{sub.id}-")


def verdict(client, case, verdict: str, note: str = ""):
    approval = db.session.scalars(select(Art125Approval).order_by(Art125Approval.id.desc())).first()
    sub_id = approval.sub_request_id
    return post(client, case, f"/art12-5/{approval.id}/{verdict}", {"note": note}, f"a{sub_id}-")


def answer_mails() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "answer")))


def test_a_refusal_needs_another_persons_dpo_approval_before_it_is_decided_and_sent(forms, client, staff):
    case = working_case(forms, rights=["access"])
    for role, email in [("handler", None), ("dpo", None), ("dpo", "dpo2@example.org")]:
        staff(role, email=email)
    as_user(forms, client, "handler@example.org")
    page = propose(client, case, justification="")
    assert "Check the form." in page
    page = propose(client, case)
    assert "waiting for a DPO" in page
    assert "an Art. 12(5) refusal or fee waits for a DPO&#39;s approval" in page  # the answer's guard
    assert verdict(client, case, "approve").status_code == 403  # a handler never approves

    sub = the_case(case.reference).sub_requests[0]
    fields = {"outcome": "refused", "legal_ground": "art_12_5", "reasons": "Fifth identical request"}
    page = post_and_read(client, case, f"/rights/{sub.id}/decide", fields, f"d{sub.id}-")
    assert "needs DPO approval" in page and the_case(case.reference).sub_requests[0].outcome is None

    as_user(forms, client, "dpo@example.org")
    page = client.get(verdict(client, case, "reject").location).get_data(as_text=True)
    assert "Check the form." in page or "Write a note." in page  # a rejection says why

    as_user(forms, client, "dpo2@example.org")
    assert ">Approve<" in case_page(client, case)
    verdict(client, case, "approve")
    assert events("art12_5_approved")[0].actor_id is not None
    as_user(forms, client, "handler@example.org")
    post_and_read(client, case, f"/rights/{sub.id}/decide", fields, f"d{sub.id}-")
    decided = the_case(case.reference).sub_requests[0]
    assert decided.outcome == "refused" and decided.record["justification_12_5"].startswith("Fifth")
    post_and_read(client, case, "/answer", {})
    assert len(answer_mails()) == 1 and "supervisory authority" in answer_mails()[0].body_text
    remedies = " ".join(answer_mails()[0].body_text.split())
    assert "habitual residence, of your place of work or of the place of the alleged infringement" in remedies
    assert "courts of the Member State where we are established or of the Member State where you" in remedies


def test_a_dpo_cannot_approve_their_own_proposal(forms, client, staff):
    case = working_case(forms, rights=["access"])
    staff("dpo")
    as_user(forms, client, "dpo@example.org")
    page = propose(client, case)
    assert "waiting for a DPO" in page and ">Approve<" not in page  # not offered to the proposer
    page = client.get(verdict(client, case, "approve").location).get_data(as_text=True)
    assert "A DPO does not approve their own proposal" in page
    approval = db.session.scalars(select(Art125Approval)).one()
    assert approval.status == "proposed" and approval.decided_by_id is None


def test_a_pending_fee_holds_the_answer_until_a_dpo_decides(forms, client, staff):
    case = working_case(forms, rights=["access"])
    describe_processing()  # an access answer carries the Art. 15(1) information
    staff("handler")
    staff("dpo")
    as_user(forms, client, "handler@example.org")
    assert "Give the fee in euro" in propose(client, case, kind="fee", justification="Third copy", fee="-5")
    propose(client, case, kind="fee", justification="Third copy of the same data", fee="25,50")
    sub = the_case(case.reference).sub_requests[0]
    post_and_read(client, case, f"/rights/{sub.id}/decide", {"outcome": "granted"}, f"d{sub.id}-")
    page = post_and_read(client, case, "/answer", {})
    assert "waits for a DPO" in page and answer_mails() == []
    assert db.session.scalars(select(Art125Approval)).one().fee_cents == 2550

    as_user(forms, client, "dpo@example.org")
    verdict(client, case, "reject", note="A second copy is free under our policy")
    as_user(forms, client, "handler@example.org")
    assert "rejected" in case_page(client, case)
    post_and_read(client, case, "/answer", {})
    assert len(answer_mails()) == 1 and the_case(case.reference).state == "answered"


def test_a_processor_does_not_propose_a_refusal_of_its_clients_request(forms, client, staff):
    from dsar.controllers.models import ClientController

    acme = ClientController(name="Acme", contact_emails=["dpo@acme.example"])
    db.session.add(acme)
    db.session.commit()
    case = working_case(forms, rights=["access"])
    case.role, case.client_controller_id = "processor", acme.id
    db.session.commit()
    staff("handler")
    as_user(forms, client, "handler@example.org")
    assert "Propose an Art. 12(5) refusal or fee" not in case_page(client, case)
    page = propose(client, case)
    assert "the client controller decides" in page
    assert db.session.scalars(select(Art125Approval)).all() == []


def describe_processing() -> None:
    db.session.add(
        ProcessingActivity(
            purpose="Invoicing", data_categories="name, address", legal_basis="contract", retention="7 years"
        )
    )
    db.session.commit()
