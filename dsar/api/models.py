"""Tables of the integration API: the clients that call it, their webhook subscriptions, and the
webhook outbox (one event, one delivery row per subscriber, like the mail outbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow


class ApiClient(db.Model):
    """Another system allowed to call /api/v1. Only a hash of its secret is kept: the secret is
    shown to the admin once, at creation or rotation."""

    __tablename__ = "api_client"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # The public half of the token ("dsar_<key_id>_<secret>"): finds the row without a table scan.
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    subscriptions: Mapped[list[WebhookSubscription]] = relationship(
        back_populates="client", order_by="WebhookSubscription.id"
    )

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class WebhookSubscription(db.Model):
    """Where a client wants to hear about which events. The signing secret has to be readable to
    sign each body (Standard Webhooks, HMAC-SHA256), so it is stored as given, like SMTP settings."""

    __tablename__ = "webhook_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    event_types: Mapped[list] = mapped_column(JSON, default=list)
    signing_secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client: Mapped[ApiClient] = relationship(back_populates="subscriptions")


class WebhookEvent(db.Model):
    """Something that happened to a case, told to subscribers. ``public_id`` is the webhook-id every
    delivery of it carries: the receiver's idempotency key, the same on every retry and resend.
    ``once_key`` makes one-time events (a case is verified once) happen once."""

    __tablename__ = "webhook_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    controller_id: Mapped[int | None] = mapped_column()
    data: Mapped[dict] = mapped_column(JSON, default=dict)  # ids and states, never personal data
    once_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):
    """One event to one subscription: claimed atomically, retried on a backoff from the database."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'delivered', 'dead')", name="status"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_event.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscription.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[WebhookEvent] = relationship()
    subscription: Mapped[WebhookSubscription] = relationship()
