"""An admin sets the verification ladder per right (rules.md 5.2); level 4 is explained with the
regulators' warning, and requests for that right then ask for a redacted ID copy by mail."""

from __future__ import annotations

from sqlalchemy import select

from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.identity import service
from dsar.identity.models import IdCopyRequest, VerificationPolicy
from tests.accounts.test_sign_in import sign_in
from tests.identity.conftest import the_case
from tests.support.forms import hidden_fields

PAGE = "/staff/identity/ladder"


def settings(client, **changes):
    tokens = hidden_fields(client.get(PAGE).get_data(as_text=True))
    data = {
        "level_access": "2",
        "level_rectification": "2",
        "level_erasure": "2",
        "level_restriction": "2",
        "level_portability": "2",
        "level_objection": "2",
        "level_consent_withdrawal": "1",
        **changes,
    }
    return client.post(PAGE, data={**tokens, **data})


def as_admin(forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")


def test_only_admins_change_the_ladder(forms, client, staff):
    staff("handler")
    sign_in(forms)
    assert client.get(PAGE).status_code == 403


def test_the_settings_page_explains_why_regulators_discourage_id_copies(forms, client, staff):
    as_admin(forms, staff)
    page = client.get(PAGE).get_data(as_text=True)
    assert "DPG Media" in page and "€525,000" in page and "145/2022" in page
    assert "at the latest 7 days after upload" in page
    assert 'name="id_copy_consent_withdrawal"' not in page  # never for consent withdrawal


def test_turning_on_id_copies_needs_the_warning_acknowledged(forms, client, staff):
    as_admin(forms, staff)
    refused = settings(client, id_copy_access="y")
    assert "Confirm that you read the warning" in refused.get_data(as_text=True)
    assert db.session.scalars(select(VerificationPolicy)).all() == []

    settings(client, id_copy_access="y", acknowledge="y", level_portability="3")
    rows = {row.right: (row.level, row.id_copy) for row in db.session.scalars(select(VerificationPolicy))}
    assert rows["access"] == (2, True) and rows["portability"] == (3, False)


def test_a_level_4_right_gets_one_id_copy_mail_from_the_periodic_work(forms, client, staff):
    as_admin(forms, staff)
    settings(client, id_copy_access="y", acknowledge="y")
    forms.submit_request(rights=["access"], access_scope="")
    case = the_case()
    assert case.verification_level == 4 and case.state == "awaiting_verification"

    assert service.request_policy_id_copies() == 1
    assert service.request_policy_id_copies() == 0  # idempotent
    [mail] = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "id_copy_request")
    ).all()
    assert "/id/" in mail.body_text and "at the latest 7 days after you send it" in mail.body_text
    assert "You do not have to send an ID copy" in mail.body_text
    assert db.session.scalars(select(IdCopyRequest)).one().origin == "policy"


def test_levels_follow_the_setting_and_marketing_objections_stay_at_level_1(forms, client, staff):
    as_admin(forms, staff)
    settings(client, level_erasure="3", id_copy_objection="y", acknowledge="y")
    forms.submit_request(rights=["erasure"], erasure_scope="")
    assert the_case().verification_level == 3
    db.session.delete(the_case())
    db.session.commit()
    forms.submit_request(
        rights=["objection"], objection_processing="Newsletters", objection_direct_marketing="y"
    )
    assert the_case().verification_level == 1
