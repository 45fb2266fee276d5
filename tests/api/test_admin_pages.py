"""Admins manage API clients on the staff pages: the secret is shown once and only its hash is
kept, a new secret replaces the old one, a revoked client is refused, and a webhook's signing
secret is handed over once too. Every change is on the audit trail."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from dsar.api.models import ApiClient, WebhookSubscription
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from tests.api.conftest import bearer
from tests.support.forms import hidden_fields
from tests.support.signin import sign_in

SHOWN = re.compile(r'<code class="shown-secret">([^<]+)</code>')


def shown_secret(response) -> str:
    return unescape(SHOWN.search(response.get_data(as_text=True)).group(1))


def post_on_page(client, path: str, data: dict):
    page = client.get("/staff/api/clients").get_data(as_text=True)
    return client.post(path, data={**hidden_fields(page), **data})


def the_client() -> ApiClient:
    db.session.expire_all()
    return db.session.scalars(select(ApiClient)).one()


def test_an_admin_creates_rotates_and_revokes_a_client(client, forms, staff):
    staff("admin")
    sign_in(forms, email="admin@example.org")

    refused = post_on_page(client, "/staff/api/clients", {"name": "CRM", "scopes": "cases:read everything"})
    assert refused.status_code == 400 and "controller:N." in refused.get_data(as_text=True)

    created = post_on_page(client, "/staff/api/clients", {"name": "CRM", "scopes": "cases:read controller:7"})
    assert created.status_code == 200
    token = shown_secret(created)
    found = the_client()
    assert found.scopes == ["cases:read", "controller:7"]
    assert token.split("_", 2)[2] not in found.secret_hash  # the secret itself is not stored
    assert token not in client.get("/staff/api/clients").get_data(as_text=True)  # shown once
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 200

    rotated = post_on_page(client, f"/staff/api/clients/{found.id}/rotate", {})
    new_token = shown_secret(rotated)
    assert client.get("/api/v1/cases", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/cases", headers=bearer(new_token)).status_code == 200

    subscribed = post_on_page(
        client,
        f"/staff/api/clients/{found.id}/subscriptions",
        {"url": "https://crm.example/hooks", "event_types": ["case.created", "case.closed"]},
    )
    assert shown_secret(subscribed).startswith("whsec_")
    subscription = db.session.scalars(select(WebhookSubscription)).one()
    assert subscription.event_types == ["case.created", "case.closed"]
    post_on_page(
        client,
        f"/staff/api/clients/{found.id}/subscriptions",
        {"url": "https://old-crm.example/hooks", "event_types": ["case.created"]},
    )
    old = db.session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.id != subscription.id)
    ).one()
    post_on_page(client, f"/staff/api/subscriptions/{old.id}/stop", {})
    db.session.expire_all()
    assert (
        db.session.get(WebhookSubscription, old.id).active,
        db.session.get(WebhookSubscription, subscription.id).active,
    ) == (False, True)

    post_on_page(client, f"/staff/api/clients/{found.id}/revoke", {})
    assert client.get("/api/v1/cases", headers=bearer(new_token)).status_code == 401
    db.session.expire_all()
    assert db.session.get(WebhookSubscription, subscription.id).active is False
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("api.%"))).all()
    for action in (
        "api.client_created",
        "api.client_rotated",
        "api.subscription_created",
        "api.client_revoked",
    ):
        assert action in actions


def test_a_webhook_address_must_be_a_web_address(client, forms, staff, api_token):
    api_token("cases:read", name="CRM")
    staff("admin")
    sign_in(forms, email="admin@example.org")
    found = the_client()
    for url in ("file:///etc/passwd", "crm.example/hooks", "javascript:alert(1)"):
        response = post_on_page(
            client,
            f"/staff/api/clients/{found.id}/subscriptions",
            {"url": url, "event_types": ["case.created"]},
        )
        assert response.status_code == 400, url
    assert db.session.scalars(select(WebhookSubscription)).all() == []
