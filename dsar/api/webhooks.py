"""Webhooks: events of a case told to subscribed clients through an outbox, like the mail.

An event is written in the same transaction as the change it reports (one before-commit step reads
what the case timeline recorded), so a rolled-back change tells nobody. Each delivery is claimed
atomically, retried from the database on a backoff, and always carries the event's webhook-id:
delivery is at least once, and the receiver recognises a repeat by that idempotency key.

Bodies are signed the Standard Webhooks way: ``webhook-signature: v1,<base64 HMAC-SHA256 of
"<webhook-id>.<webhook-timestamp>.<body>">``, keyed with the subscription's ``whsec_`` secret.
They carry ids and states only (rules 6.3: no personal data leaves through a notification)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from dsar.api.clients import controller_ids
from dsar.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from dsar.core import audit
from dsar.core.db import db, utcnow
from dsar.core.jobs import dispatch, job
from workflows.states import CaseState

log = logging.getLogger(__name__)

EVENT_TYPES = (
    "case.created",
    "case.verified",
    "case.forwarded",
    "case.extended",
    "case.answered",
    "case.closed",
    "forward.instruction_received",
)
# Timeline kinds (cases/service.record_event) that are events of their own.
TIMELINE_EVENTS = {
    "submitted": "case.created",
    "forwarded": "case.forwarded",
    "deadline_extended": "case.extended",
    "answered": "case.answered",
    "closed": "case.closed",
    "controller_instruction": "forward.instruction_received",
}
# Timeline kinds after which a case that no longer awaits verification is verified (rules 5.2:
# level 1 needs nothing beyond the channel, so such a case is verified when it is submitted).
VERIFYING = {
    "submitted",
    "email_confirmed",
    "identity_confirmed",
    "id_check_passed",
    "knowledge_check_passed",
}
BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
TOUCHED_KEY = "dsar_webhook_cases"
TIMEOUT_SECONDS = 10


def new_signing_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


def add_subscription(
    client, url: str, event_types: list[str], actor_id: int
) -> tuple[WebhookSubscription, str]:
    """A receiver for some event types of a client; its signing secret is returned to be shown once."""
    secret = new_signing_secret()
    subscription = WebhookSubscription(client=client, url=url, event_types=event_types, signing_secret=secret)
    db.session.add(subscription)
    db.session.flush()
    audit.record("api.subscription_created", actor_id, client=client.id, subscription=subscription.id)
    return subscription, secret


def stop_subscription(subscription_id: int, actor_id: int) -> bool:
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        return False
    subscription.active = False
    audit.record("api.subscription_stopped", actor_id, subscription=subscription.id)
    return True


# -- events, from the case timeline ------------------------------------------------------------


def note_timeline_event(case, case_event) -> None:
    """Listener of cases/service.record_event: remember the case; events are made at commit."""
    touched = db.session.info.setdefault(TOUCHED_KEY, {})
    touched.setdefault(id(case), (case, []))[1].append(case_event.kind)


@event.listens_for(Session, "before_commit")
def _events_before_commit(session: Session) -> None:
    touched = session.info.pop(TOUCHED_KEY, None)
    if not touched or not has_app_context():
        return
    for case, kinds in touched.values():
        for event_type in _event_types(case, kinds):
            _add_event(session, case, event_type)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(TOUCHED_KEY, None)


def _event_types(case, kinds: list[str]) -> list[str]:
    types = [TIMELINE_EVENTS[kind] for kind in kinds if kind in TIMELINE_EVENTS]
    settled = VERIFYING.intersection(kinds) and case.state != CaseState.AWAITING_VERIFICATION
    if settled and not case.closed_at:
        types.append("case.verified")  # once per case: see once_key
    return list(dict.fromkeys(types))


def case_data(case) -> dict:
    """What an event says about a case: ids, states and dates, no personal data."""
    return {
        "reference": case.reference,
        "state": str(case.state),
        "role": case.role,
        "controller_id": case.client_controller_id,
        "due_date": case.due_date.isoformat(),
    }


def _add_event(session: Session, case, event_type: str) -> None:
    once_key = f"verified:{case.id}" if event_type == "case.verified" else None
    if once_key and session.scalar(select(WebhookEvent.id).where(WebhookEvent.once_key == once_key)):
        return
    subscribers = [s for s in _subscriptions(session, event_type) if _may_see(s, case)]
    if once_key is None and not subscribers:
        return
    found = WebhookEvent(
        public_id=f"msg_{uuid.uuid4().hex}",
        type=event_type,
        case_id=case.id,
        controller_id=case.client_controller_id,
        data=case_data(case),
        once_key=once_key,
        created_at=utcnow(),
    )
    session.add(found)
    for subscription in subscribers:
        delivery = WebhookDelivery(event=found, subscription_id=subscription.id, dispatched_at=utcnow())
        session.add(delivery)
        session.flush()
        dispatch("dsar.api.webhooks.deliver_webhook", delivery.id)


def _subscriptions(session: Session, event_type: str) -> list[WebhookSubscription]:
    active = session.scalars(select(WebhookSubscription).where(WebhookSubscription.active.is_(True)))
    return [s for s in active if event_type in s.event_types and s.client.active]


def _may_see(subscription: WebhookSubscription, case) -> bool:
    """cases:read hears about every case; a controller client only about its own forwarded cases."""
    scopes = subscription.client.scopes
    if "cases:read" in scopes:
        return True
    return case.client_controller_id in controller_ids(scopes) and case.forwarded_at is not None


# -- delivery ------------------------------------------------------------------------------------


def body_of(found: WebhookEvent) -> bytes:
    payload = {"type": found.type, "timestamp": found.created_at.isoformat(), "data": found.data}
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def _claim(delivery_id: int) -> bool:
    result = db.session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= utcnow(),
        )
        .values(status="sending", attempts=WebhookDelivery.attempts + 1, next_attempt_at=utcnow())
    )
    db.session.commit()
    return result.rowcount == 1


@job
def deliver_webhook(delivery_id: int) -> None:
    if not _claim(delivery_id):
        return
    delivery = db.session.get(WebhookDelivery, delivery_id)
    try:
        status = post(delivery)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        _record_failure(delivery, None, repr(exc))
    else:
        if 200 <= status < 300:
            delivery.status, delivery.delivered_at = "delivered", utcnow()
            delivery.last_status_code, delivery.last_error = status, None
        else:
            _record_failure(delivery, status, f"HTTP {status}")
    db.session.commit()


def post(delivery: WebhookDelivery) -> int:
    """POST the signed body; the receiver's HTTP status (redirects are not followed)."""
    body = body_of(delivery.event)
    timestamp = int(time.time())
    webhook_id = delivery.event.public_id
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "dsar-portal-webhooks",
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(delivery.subscription.signing_secret, webhook_id, timestamp, body),
    }
    url = delivery.subscription.url
    if urlsplit(url).scheme not in ("https", "http"):
        raise ValueError(f"not an http(s) address: {url!r}")
    outgoing = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked above
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(outgoing, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _record_failure(delivery: WebhookDelivery, status: int | None, error: str) -> None:
    delivery.last_status_code, delivery.last_error = status, error[:500]
    if delivery.attempts >= current_app.config["WEBHOOK_MAX_ATTEMPTS"]:
        delivery.status = "dead"
        log.error("webhook delivery %s is dead: %s", delivery.id, error)
        return
    delay = BACKOFF_SECONDS[min(delivery.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    delivery.status = "pending"
    delivery.next_attempt_at = utcnow() + timedelta(seconds=delay)
    delivery.dispatched_at = None


def relay_webhooks() -> int:
    """Periodic: give back claims a dead worker left, re-dispatch what is due. Idempotent."""
    now = utcnow()
    claim_lost = timedelta(seconds=current_app.config["CLAIM_STALE_SECONDS"])
    stale = timedelta(seconds=current_app.config["DISPATCH_STALE_SECONDS"])
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.status == "sending", WebhookDelivery.next_attempt_at < now - claim_lost)
        .values(status="pending", dispatched_at=None)
    )
    due = db.session.scalars(
        select(WebhookDelivery).where(
            WebhookDelivery.status == "pending",
            WebhookDelivery.next_attempt_at <= now,
            WebhookDelivery.dispatched_at.is_(None) | (WebhookDelivery.dispatched_at < now - stale),
        )
    ).all()
    for delivery in due:
        delivery.dispatched_at = now
        dispatch("dsar.api.webhooks.deliver_webhook", delivery.id)
    db.session.commit()
    return len(due)


def resend(delivery_id: int) -> WebhookDelivery | None:
    """Staff action: deliver again, with the same webhook-id (the receiver can tell it is a repeat)."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    delivery.status, delivery.next_attempt_at, delivery.dispatched_at = "pending", utcnow(), utcnow()
    dispatch("dsar.api.webhooks.deliver_webhook", delivery.id)
    return delivery


def recent_deliveries(limit: int = 200) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).order_by(WebhookDelivery.id.desc()).limit(limit)
    return list(db.session.scalars(query))
