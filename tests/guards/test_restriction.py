"""Gap 9 of issue 12: restriction (Art. 18) as a state of the right, with its 18(1) ground on the case
and in the register, lifted only after the requester was told (Art. 18(3), rules 2.4)."""

from __future__ import annotations

from dsar.cases.register_export import COLUMNS, register_rows
from dsar.core.db import db
from dsar.intake.service import confirm_email
from tests.guards.conftest import mails, the_case

GROUND_NL = "Art. 18, lid 1, d), AVG: een bezwaar wacht op de belangenafweging"


def restrictions_in_register() -> str:
    [row] = list(register_rows())
    return row[COLUMNS.index("restrictions")]


def granted_restriction(forms, case_page):
    forms.submit_request(lang="nl", rights=["restriction"], restriction_ground="objection_pending")
    confirm_email(the_case())
    db.session.commit()
    page = case_page("nl")
    sub = the_case().sub_requests[0]
    # Art. 19 first: restriction is communicated to the recipients (casework checklist).
    page.post(
        f"rights/{sub.id}/recipients",
        **{f"r{sub.id}-kind": "no_recipients", f"r{sub.id}-reason": "Nooit aan derden verstrekt."},
    )
    decided = page.decide("restriction", outcome="granted")
    assert the_case().sub_requests[0].outcome == "granted", decided
    return page, decided


def test_a_granted_restriction_is_a_state_with_its_ground(forms, case_page):
    _page, decided = granted_restriction(forms, case_page)
    sub = the_case().sub_requests[0]
    assert sub.restriction_ground == "objection_pending" and sub.restricted_at is not None
    assert "Beperkt" in decided and GROUND_NL in decided
    assert restrictions_in_register() == "objection_pending:in_force"


def test_a_restriction_is_lifted_only_after_the_requester_was_told(forms, case_page):
    page, _ = granted_restriction(forms, case_page)
    sub_id = the_case().sub_requests[0].id

    refused = page.post(f"rights/{sub_id}/lift")
    assert "De verzoeker moet worden ingelicht voordat de beperking wordt opgeheven" in refused
    assert the_case().sub_requests[0].restriction_lifted_at is None

    page.post(f"rights/{sub_id}/lift-notice", **{f"l{sub_id}-explanation": "De belangenafweging is klaar."})
    [notice] = mails("restriction_lift_notice")
    assert notice.to_address == the_case().requester_email
    assert GROUND_NL in notice.body_text and "De belangenafweging is klaar." in notice.body_text
    assert "art. 18, lid 3" in notice.body_text

    lifted = page.post(f"rights/{sub_id}/lift")
    sub = the_case().sub_requests[0]
    assert sub.restriction_lifted_at is not None and "Beperking opgeheven" in lifted
    assert restrictions_in_register() == "objection_pending:lifted"
