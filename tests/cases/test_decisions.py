"""Deciding each right and answering: what the law requires is enforced, and the answer carries the
Art. 12(4) information whenever we do not (fully) act."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.cases.models import Case, SubRequest
from dsar.casework.models import Art125Approval
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.exports.models import ProcessingActivity
from tests.accounts.test_sign_in import sign_in
from tests.support.forms import hidden_fields


@pytest.fixture(autouse=True)
def record_of_processing(app):
    """An access answer carries the Art. 15(1) information from the record of processing."""
    db.session.add(
        ProcessingActivity(
            purpose="Invoicing",
            data_categories="name, address",
            legal_basis="contract",
            retention="7 years (accounting law)",
        )
    )
    db.session.commit()


def the_case() -> Case:
    db.session.expire_all()
    return db.session.scalars(select(Case)).one()


def confirmed_case(forms, **overrides) -> Case:
    forms.submit_request(**overrides)
    case = the_case()
    case.state = "in_progress"  # as after the requester confirmed the e-mail address
    case.email_confirmed_at = case.received_at
    db.session.commit()
    return case


def decide(client, case: Case, right: str, **fields):
    sub = next(s for s in case.sub_requests if s.right == right)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    data = {**hidden_fields(page), **{f"d{sub.id}-{key}": value for key, value in fields.items()}}
    response = client.post(f"/staff/cases/{case.reference}/rights/{sub.id}/decide", data=data)
    return client.get(response.location).get_data(as_text=True)


def post_action(client, case: Case, action: str) -> str:
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    response = client.post(f"/staff/cases/{case.reference}/{action}", data=hidden_fields(page))
    return client.get(response.location).get_data(as_text=True)


def answer_mail() -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "answer")).one()


def test_a_partial_refusal_is_answered_with_its_ground_and_the_complaint_information(forms, client, staff):
    case = confirmed_case(forms, lang="nl")
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")
    erasure = next(s for s in case.sub_requests if s.right == "erasure")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    client.post(  # Art. 19 is recorded on the case-work checklist before the decision
        f"/staff/cases/{case.reference}/rights/{erasure.id}/recipients",
        data={
            **hidden_fields(page),
            f"r{erasure.id}-csrf_token": hidden_fields(page)["csrf_token"],
            f"r{erasure.id}-kind": "notified",
            f"r{erasure.id}-recipient": "Boekhouder",
            f"r{erasure.id}-notified_on": "2026-03-03",
            f"r{erasure.id}-channel": "e-mail",
        },
    )
    page = decide(
        client,
        case,
        "erasure",
        outcome="partly_granted",
        legal_ground="art_17_3_b",
        reasons="Facturen bewaren we 7 jaar (boekhoudwet).",
    )
    assert "Not done" not in page

    post_action(client, the_case(), "answer")
    mail = answer_mail()
    assert the_case().state == "answered"
    assert "Facturen bewaren we 7 jaar" in mail.body_text
    assert (
        "Gegevensbeschermingsautoriteit" in mail.body_text
        and "https://www.gegevensbeschermingsautoriteit.be" in mail.body_text
    )
    assert "rechter" in mail.body_text  # the judicial remedy, in Dutch


def test_the_dutch_authority_is_named_for_a_dutch_organisation(make_app):
    from tests.support.forms import FormClient

    app = make_app(ORGANISATION_COUNTRY="NL")
    with app.app_context():
        from dsar.accounts.service import create_staff

        FormClient(app.test_client()).submit_request(rights=["access"])
        case = the_case()
        case.state = "in_progress"
        create_staff("dpo@example.org", "Dee", "dpo", "correct horse battery")
        db.session.commit()
        client = app.test_client()
        sign_in(FormClient(client), email="dpo@example.org")
        decide(
            client,
            case,
            "access",
            outcome="partly_granted",
            legal_ground="art_15_4",
            reasons="Third parties.",
        )
        post_action(client, case, "answer")
        assert "Autoriteit Persoonsgegevens" in answer_mail().body_text


def test_the_answer_waits_for_a_decision_on_every_right(forms, client, staff):
    case = confirmed_case(forms)
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Send the answer to the requester" not in page
    refusal = post_action(client, the_case(), "answer")
    assert "every right in the request needs a decision" in refusal
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "answer")).all() == []


@pytest.mark.parametrize(
    ("overrides", "right", "fields", "reason"),
    [
        ({}, "access", {"outcome": "refused", "legal_ground": "art_15_4"}, "tells the requester the reasons"),
        (
            {},
            "access",
            {"outcome": "refused", "legal_ground": "art_17_3_e", "reasons": "x"},
            "names its legal ground",
        ),
        (
            {},
            "access",
            {"outcome": "refused", "legal_ground": "art_12_5", "reasons": "x", "justification": "5th"},
            "needs DPO approval",
        ),
        ({}, "erasure", {"outcome": "granted"}, "Art. 19"),
        (
            {
                "rights": ["objection"],
                "objection_processing": "Newsletter",
                "objection_direct_marketing": "y",
            },
            "objection",
            {
                "outcome": "refused",
                "legal_ground": "art_21_1_compelling",
                "reasons": "x",
                "balancing_note": "y",
            },
            "cannot be refused",
        ),
    ],
)
def test_an_unlawful_decision_is_refused_with_its_reason(
    forms, client, staff, overrides, right, fields, reason
):
    case = confirmed_case(forms, **overrides)
    staff("handler")
    sign_in(forms)
    page = decide(client, case, right, **fields)
    assert reason in page
    assert all(sub.outcome is None for sub in the_case().sub_requests)


def test_a_manifestly_excessive_request_is_refused_once_a_dpo_approved_the_proposal(forms, client, staff):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    dpo_id = staff("dpo").id
    sub = case.sub_requests[0]
    sign_in(forms)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    client.post(  # the handler proposes with the written justification (rules C3)
        f"/staff/cases/{case.reference}/rights/{sub.id}/art12-5",
        data={
            **hidden_fields(page),
            f"p{sub.id}-kind": "refusal",
            f"p{sub.id}-justification": "Four identical requests answered in the last 30 days",
        },
    )
    client.post("/staff/logout", data=hidden_fields(page))
    sign_in(forms, email="dpo@example.org")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    approval_id = db.session.scalar(select(Art125Approval.id))
    client.post(f"/staff/cases/{case.reference}/art12-5/{approval_id}/approve", data=hidden_fields(page))
    decide(
        client, case, "access", outcome="refused", legal_ground="art_12_5", reasons="Fifth identical request"
    )
    sub = db.session.scalars(select(SubRequest)).one()
    assert sub.outcome == "refused"
    assert sub.record["justification_12_5"].startswith("Four identical")
    assert sub.record["dpo_approved_by"] == dpo_id


def test_a_right_of_another_case_cannot_be_decided_through_this_one(forms, client, staff):
    forms.submit_request(email="one@example.org")
    forms.submit_request(email="two@example.org")
    first, second = db.session.scalars(select(Case).order_by(Case.id)).all()
    first.state = "in_progress"
    db.session.commit()
    staff("handler")
    sign_in(forms)
    page = client.get(f"/staff/cases/{first.reference}").get_data(as_text=True)
    foreign = second.sub_requests[0].id
    response = client.post(
        f"/staff/cases/{first.reference}/rights/{foreign}/decide",
        data={**hidden_fields(page), f"d{foreign}-outcome": "granted"},
    )
    assert response.status_code == 404


def test_requester_text_cannot_inject_markup_into_the_answer_mail(forms, client, staff):
    case = confirmed_case(forms, rights=["access"], name='<img src="https://evil.example/x">')
    staff("handler")
    sign_in(forms)
    decide(
        client,
        case,
        "access",
        outcome="partly_granted",  # Art. 15(4) means redacting, never refusing everything (Recital 63)
        legal_ground="art_15_4",
        reasons="<script>alert(1)</script>",
    )
    post_action(client, the_case(), "answer")
    html = answer_mail().body_html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<img src="https://evil.example' not in html


def test_a_granted_answer_has_no_refusal_block_and_the_case_can_be_closed(forms, client, staff):
    case = confirmed_case(forms, rights=["access"])
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")
    post_action(client, the_case(), "answer")
    assert "supervisory authority" not in answer_mail().body_text
    post_action(client, the_case(), "close")
    assert the_case().state == "closed" and the_case().closed_at is not None
    assert the_case().reference not in client.get("/staff/cases").get_data(as_text=True)
