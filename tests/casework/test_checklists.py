"""Art. 19 recipients and the per-system erasure checklist: an erasure is not decided as carried
out before both are complete; the decision keeps what was recorded (rules 2.3, 6.3 items 8-9)."""

from __future__ import annotations

import io

from sqlalchemy import select

from dsar.cases.models import SubRequest
from dsar.casework.models import DataSystem, SystemCheck
from dsar.core.db import db
from tests.casework.support import as_user, audited, events, post, post_and_read, the_case, working_case


def erasure_of(case) -> SubRequest:
    return next(s for s in the_case(case.reference).sub_requests if s.right == "erasure")


def decide_erasure(client, case, **fields) -> str:
    sub = erasure_of(case)
    return post_and_read(
        client, case, f"/rights/{sub.id}/decide", {"outcome": "granted", **fields}, f"d{sub.id}-"
    )


def add_systems(client, case) -> None:
    for name, owner in [("CRM", "Sales"), ("Newsletter tool", "Marketing")]:
        response = client.post("/staff/systems", data={"name": name, "owner": owner, **token(client)})
        assert response.status_code == 302


def token(client) -> dict:
    from tests.support.forms import hidden_fields

    return {"csrf_token": hidden_fields(client.get("/staff/systems").get_data(as_text=True))["csrf_token"]}


def test_an_erasure_waits_for_its_recipients_and_every_system(forms, client, staff):
    case = working_case(forms)
    staff("admin")
    staff("handler")
    as_user(forms, client, "admin@example.org")
    add_systems(client, case)
    assert len(audited("system.added")) == 2
    as_user(forms, client, "handler@example.org")
    assert client.get("/staff/systems").status_code == 403
    sub = erasure_of(case)

    page = decide_erasure(client, case)
    assert "Art. 19" in page and erasure_of(case).outcome is None

    prefix = f"r{sub.id}-"
    page = post_and_read(
        client, case, f"/rights/{sub.id}/recipients", {"kind": "notified", "recipient": "Mailer BV"}, prefix
    )
    assert "Say when and how the recipient was notified." in page
    fields = {"kind": "notified", "recipient": "Mailer BV", "notified_on": "2026-10-02", "channel": "e-mail"}
    post_and_read(client, case, f"/rights/{sub.id}/recipients", fields, prefix)
    fields = {"kind": "not_notified", "recipient": "Old partner", "reason": "Company dissolved in 2024"}
    post_and_read(client, case, f"/rights/{sub.id}/recipients", fields, prefix)

    page = decide_erasure(client, case)
    assert "still open: CRM, Newsletter tool" in page and erasure_of(case).outcome is None

    crm, tool = db.session.scalars(select(DataSystem).order_by(DataSystem.name)).all()
    evidence = (io.BytesIO(b"deleted customer 123 at 10:02\n"), "deletion-log.txt")
    post(
        client,
        case,
        f"/rights/{sub.id}/systems/{crm.id}",
        {"status": "done", "note": "Deleted", "evidence": evidence},
        f"s{sub.id}-",
    )
    page = post_and_read(
        client,
        case,
        f"/rights/{sub.id}/systems/{tool.id}",
        {"status": "not_applicable", "note": ""},
        f"s{sub.id}-",
    )
    assert "Check the form." in page  # not applicable needs its note
    post(
        client,
        case,
        f"/rights/{sub.id}/systems/{tool.id}",
        {"status": "not_applicable", "note": "Never subscribed"},
        f"s{sub.id}-",
    )
    [check] = db.session.scalars(select(SystemCheck).where(SystemCheck.evidence_id.is_not(None))).all()
    assert check.system_id == crm.id

    page = decide_erasure(client, case)
    assert "Not done" not in page
    decided = erasure_of(case)
    assert decided.outcome == "granted"
    assert decided.record["recipients_notified"] == ["Mailer BV, 2026-10-02, e-mail"]
    assert "Old partner: Company dissolved in 2024" in decided.record["art19_justification"]
    assert {e.data["status"] for e in events("system_ticked")} == {"done", "not_applicable"}
    assert len(events("art19_recorded")) == 2 and "deletion-log.txt" in page


def test_no_recipients_is_a_statement_with_a_reason_and_rights_of_other_cases_stay_out_of_reach(
    forms, client, staff
):
    case = working_case(forms)
    other = working_case(forms, email="other@example.org")
    staff("handler")
    staff("auditor")
    as_user(forms, client, "handler@example.org")
    sub = erasure_of(case)
    foreign = erasure_of(other)
    response = post(
        client,
        case,
        f"/rights/{foreign.id}/recipients",
        {"kind": "no_recipients", "reason": "x"},
        f"r{foreign.id}-",
    )
    assert response.status_code == 404
    page = post_and_read(
        client, case, f"/rights/{sub.id}/recipients", {"kind": "no_recipients"}, f"r{sub.id}-"
    )
    assert "Give the reason." in page
    fields = {"kind": "no_recipients", "reason": "Only used internally"}
    post_and_read(client, case, f"/rights/{sub.id}/recipients", fields, f"r{sub.id}-")
    assert "Not done" not in decide_erasure(client, case)  # no systems listed: nothing to tick
    assert erasure_of(case).record["art19_justification"] == "Only used internally"

    as_user(forms, client, "auditor@example.org")
    access = next(s for s in the_case(case.reference).sub_requests if s.right == "access")
    assert post(client, case, f"/rights/{sub.id}/recipients", fields, f"r{sub.id}-").status_code == 403
    assert (
        post(
            client, case, f"/rights/{access.id}/decide", {"outcome": "granted"}, f"d{access.id}-"
        ).status_code
        == 403
    )
