"""Admins manage staff accounts: create with a role, change it, deactivate, reset two-factor; every
change is audited, ends the user's sessions where their rights change, and the last active admin
always stays."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.support.forms import FormClient
from tests.support.signin import sign_in


def audited(action: str) -> list[dict]:
    return list(db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action)))


def reload(user: StaffUser) -> StaffUser:
    db.session.expire_all()
    return db.session.get(StaffUser, user.id)


@pytest.fixture
def admin(app, staff):
    staff("admin")
    forms = FormClient(app.test_client())
    sign_in(forms, email="admin@example.org")
    return forms


def act(forms, path: str, **data):
    return forms.post(path, data, form_path="/staff/accounts")


def test_an_admin_creates_an_account_whose_owner_can_sign_in(admin, app):
    page = act(admin, "/staff/accounts", email="New@Example.org", name="Nia", role="auditor")
    password = re.search(r'class="new-password">([^<]+)<', page.get_data(as_text=True)).group(1)
    created = db.session.scalar(select(StaffUser).where(StaffUser.email == "new@example.org"))
    assert created.role == "auditor" and len(password) >= 12
    assert audited("staff.account_created") == [{"user_id": created.id, "role": "auditor"}]
    owner = FormClient(app.test_client())
    assert sign_in(owner, email="new@example.org", password=password).status_code == 302


def test_a_duplicate_account_is_refused(admin, staff):
    staff("auditor")
    response = act(admin, "/staff/accounts", email="auditor@example.org", name="Twice", role="dpo")
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_a_role_change_ends_the_users_sessions(admin, app, staff):
    handler = staff("handler")
    theirs = FormClient(app.test_client())
    sign_in(theirs)
    act(admin, f"/staff/accounts/{handler.id}/role", role="auditor")
    assert reload(handler).role == "auditor"
    assert theirs.client.get("/staff/cases").status_code == 302
    assert audited("staff.role_changed") == [{"user_id": handler.id, "old": "handler", "new": "auditor"}]


def test_deactivation_ends_the_users_sessions_and_blocks_sign_in(admin, app, staff):
    handler = staff("handler")
    theirs = FormClient(app.test_client())
    sign_in(theirs)
    act(admin, f"/staff/accounts/{handler.id}/deactivate", confirmed="yes")
    assert not reload(handler).active
    assert theirs.client.get("/staff/cases").status_code == 302
    again = FormClient(app.test_client()).post(
        "/staff/login", {"email": handler.email, "password": "correct horse battery"}
    )
    assert "E-mail or password is incorrect." in again.get_data(as_text=True)
    assert len(audited("staff.account_deactivated")) == 1


def test_the_last_active_admin_cannot_be_removed(admin, staff):
    me = db.session.scalar(select(StaffUser).where(StaffUser.role == "admin"))
    demote = act(admin, f"/staff/accounts/{me.id}/role", role="handler")
    assert "The last active admin cannot lose the admin role." in admin.client.get(demote.location).get_data(
        as_text=True
    )
    act(admin, f"/staff/accounts/{me.id}/deactivate", confirmed="yes")
    assert reload(me).active and reload(me).role == "admin"
    second = staff("admin", email="second@example.org")
    act(admin, f"/staff/accounts/{second.id}/deactivate", confirmed="yes")
    assert not reload(second).active
    act(admin, f"/staff/accounts/{me.id}/deactivate", confirmed="yes")
    assert reload(me).active  # the other admin is deactivated: still the last one


def test_a_two_factor_reset_makes_the_user_enrol_again(admin, app, staff):
    handler = staff("handler")
    act(admin, f"/staff/accounts/{handler.id}/reset-two-factor")
    assert reload(handler).totp_secret is None
    response = FormClient(app.test_client()).post(
        "/staff/login", {"email": handler.email, "password": "correct horse battery"}
    )
    assert response.location.endswith("/staff/account/two-factor")
    assert audited("staff.two_factor_reset") == [{"user_id": handler.id}]


def test_other_roles_cannot_manage_accounts(app, staff):
    target = staff("auditor")
    for role in ("dpo", "handler"):
        staff(role)
        forms = FormClient(app.test_client())
        sign_in(forms, email=f"{role}@example.org")
        assert forms.client.get("/staff/accounts").status_code == 403
        response = forms.post(f"/staff/accounts/{target.id}/deactivate", {}, form_path="/staff/cases")
        assert response.status_code == 403
    assert reload(target).active


def test_deactivation_asks_for_confirmation_on_its_own_page_first(admin, staff):
    handler = staff("handler")
    listing = admin.client.get("/staff/accounts").get_data(as_text=True)
    assert f'<form method="get" action="/staff/accounts/{handler.id}/deactivate"' in listing
    page = admin.client.get(f"/staff/accounts/{handler.id}/deactivate").get_data(as_text=True)
    assert "Deactivate the account of Handler (handler@example.org)?" in page
    assert "Yes, deactivate the account" in page and reload(handler).active
    unconfirmed = act(admin, f"/staff/accounts/{handler.id}/deactivate")
    assert unconfirmed.location.endswith(f"/staff/accounts/{handler.id}/deactivate")
    assert reload(handler).active and audited("staff.account_deactivated") == []
    act(admin, f"/staff/accounts/{handler.id}/deactivate", confirmed="yes")
    assert not reload(handler).active
