"""A refusal needs a fresh sign-in (security.md A-11). The staff member comes back to the right they
were deciding, with what they typed filled in again, kept on the server and never in the URL."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest
import time_machine
from sqlalchemy import func, select

from dsar.accounts.models import HeldForm
from dsar.core.db import db
from tests.cases.test_decisions import confirmed_case, the_case
from tests.support.forms import hidden_fields
from tests.support.signin import PASSWORD, code_for, sign_in

START = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
REASONS = "Parts of these files concern a colleague; we leave them out (Art. 15(4)) & say why."


def held_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(HeldForm))


def test_a_refusal_interrupted_by_a_fresh_sign_in_comes_back_filled_in(forms, client, staff):
    handler = staff("handler")
    case = confirmed_case(forms)
    erasure = next(s for s in case.sub_requests if s.right == "erasure")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(forms)
        page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
        clock.shift(timedelta(minutes=20))
        fields = {
            f"d{erasure.id}-outcome": "refused",
            f"d{erasure.id}-legal_ground": "art_17_3_b",
            f"d{erasure.id}-reasons": REASONS,
        }
        response = client.post(
            f"/staff/cases/{case.reference}/rights/{erasure.id}/decide",
            data={**hidden_fields(page), **fields},
            headers={"Referer": "http://portal.test/staff/cases"},  # the queue: not where to go back to
        )
        assert response.status_code == 302 and "/staff/reauth" in response.location
        assert "colleague" not in unquote(response.location) and held_rows() == 1
        assert "colleague" not in response.headers.get("Set-Cookie", "")

        back = forms.post(response.location, {"password": PASSWORD, "code": code_for(handler)})
        assert back.location.endswith(f"/staff/cases/{case.reference}#sub-{erasure.id}")
        page = client.get(back.location).get_data(as_text=True)
        assert "What you typed before confirming your password is filled in again." in page
        assert html.escape(REASONS, quote=False) in page
        assert '<option selected value="refused">' in page or 'value="refused" selected' in page
        assert held_rows() == 0  # given back once
        again = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
        assert "colleague" not in again

        client.post(
            f"/staff/cases/{case.reference}/rights/{erasure.id}/decide",
            data={**hidden_fields(page), **fields},
        )
    decided = next(s for s in the_case().sub_requests if s.right == "erasure")
    assert decided.outcome == "refused" and decided.reasons == REASONS


def test_a_held_form_is_given_back_only_to_the_user_who_typed_it(forms, client, staff, app):
    staff("handler")
    other = staff("dpo")
    case = confirmed_case(forms)
    sub = case.sub_requests[0]
    db.session.add(
        HeldForm(
            key="k" * 43,
            staff_user_id=other.id,
            action=f"/staff/cases/{case.reference}/rights/{sub.id}/decide",
            fields={f"d{sub.id}-reasons": ["the DPO's draft"]},
        )
    )
    db.session.commit()
    sign_in(forms)
    with client.session_transaction() as session:
        session["held_form"] = "k" * 43
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "the DPO" not in page and held_rows() == 1


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "/\\evil.example", "https://evil.example/staff/", "/staff/\\\\evil", "/public", ""],
)
def test_after_a_fresh_sign_in_only_a_staff_path_on_this_site_is_followed(forms, client, staff, target):
    handler = staff("handler")
    sign_in(forms)
    path = "/staff/reauth?next=" + target
    response = forms.post(path, {"password": PASSWORD, "code": code_for(handler)}, form_path=path)
    assert response.status_code == 302 and response.location.endswith("/staff/cases")


def test_a_held_form_is_swept_after_its_hour_and_at_sign_out(forms, client, staff, app):
    from dsar.accounts.fresh import sweep_held_forms

    handler = staff("handler")
    for key, minutes in (("old", 61), ("new", 5)):
        db.session.add(
            HeldForm(
                key=key,
                staff_user_id=handler.id,
                action="/staff/cases/X/rights/1/decide",
                fields={"d1-reasons": ["draft"]},
                created_at=datetime.now(UTC) - timedelta(minutes=minutes),
            )
        )
    db.session.commit()
    with app.app_context():
        assert sweep_held_forms() == 1
    assert db.session.scalars(select(HeldForm.key)).all() == ["new"]
    sign_in(forms)
    forms.post("/staff/logout", {}, form_path="/staff/cases")
    assert held_rows() == 0
