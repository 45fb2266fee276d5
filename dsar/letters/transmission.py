"""Art. 20(2): the portability package sent directly to another controller, where the person asked
for it and it is technically feasible (rules.md 2.5, 7.3).

The person confirms the recipient's address through a signed link sent to their own, verified
address; only then does the recipient get a signed, expiring download link. When it is not feasible,
staff record why, the answer letter says so, and the person receives the data themselves. Never
commits: the caller does, so the row, its events and its mails are stored together."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from dsar.cases.files import CaseFile
from dsar.cases.models import Case, SubRequest
from dsar.cases.service import record_event
from dsar.core.db import UTCDateTime, db, utcnow
from dsar.core.links import LinkPurpose, signed_url
from dsar.core.mail import queue_mail

GRANTED = ("granted", "partly_granted")


class TransmissionError(ValueError):
    """Not allowed now; the message says why and can be shown to staff."""


class DirectTransmission(db.Model):
    __tablename__ = "direct_transmission"
    __table_args__ = (
        CheckConstraint(
            "status IN ('awaiting_confirmation', 'sent', 'refused', 'superseded')", name="status"
        ),
        # Rules 7.3: "if not feasible, explain why": a refusal always carries its reason.
        CheckConstraint("status != 'refused' OR refusal_reason IS NOT NULL", name="refusal_reason"),
        CheckConstraint(
            "status = 'refused' OR (case_file_id IS NOT NULL AND recipient_email IS NOT NULL)",
            name="sendable",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    sub_request_id: Mapped[int] = mapped_column(ForeignKey("sub_request.id", ondelete="CASCADE"))
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # the payload of both links
    case_file_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(24))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    refusal_reason: Mapped[str | None] = mapped_column(Text)


def asked_for(sub: SubRequest) -> str | None:
    """The organisation the person named on the form for direct transmission, if any."""
    if sub.right != "portability":
        return None
    return (sub.details or {}).get("portability_destination") or None


def transmissions_of(case: Case) -> list[DirectTransmission]:
    return list(
        db.session.scalars(
            select(DirectTransmission)
            .where(DirectTransmission.case_id == case.id)
            .order_by(DirectTransmission.id)
        )
    )


def _pending(sub: SubRequest) -> list[DirectTransmission]:
    return [
        t
        for t in transmissions_of(sub.case)
        if t.sub_request_id == sub.id and t.status == "awaiting_confirmation"
    ]


def propose_transmission(
    sub: SubRequest, record: CaseFile, name: str, email: str, actor_id: int
) -> DirectTransmission:
    """Ask the person to confirm the recipient; an earlier unconfirmed proposal is superseded."""
    if not asked_for(sub):
        raise TransmissionError("The requester did not ask for direct transmission (Art. 20(2)).")
    if sub.outcome not in GRANTED:
        raise TransmissionError("Grant the portability right before sending the data anywhere.")
    if record.case_id != sub.case_id or record.kind != "answer_package" or record.deleted_at:
        raise TransmissionError("Choose an answer package of this case that is still available.")
    for earlier in _pending(sub):
        earlier.status = "superseded"
    transmission = DirectTransmission(
        case_id=sub.case_id,
        sub_request_id=sub.id,
        public_id=secrets.token_hex(16),
        case_file_id=record.id,
        recipient_name=name,
        recipient_email=email,
        status="awaiting_confirmation",
        requested_by_id=actor_id,
    )
    db.session.add(transmission)
    db.session.flush()
    case = sub.case
    queue_mail(
        case.requester_email,
        "transmission_confirm",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        recipient_name=name,
        recipient_email=email,
        link=signed_url("transmission.confirm", LinkPurpose.TRANSMISSION_CONFIRM, transmission.public_id),
        link_days=current_app.config["TRANSMISSION_LINK_DAYS"],
    )
    record_event(case, "transmission_proposed", actor_id, transmission=transmission.public_id)
    return transmission


def confirm_transmission(transmission: DirectTransmission) -> None:
    """The person confirmed the address: the recipient gets its signed, expiring download link."""
    if transmission.status != "awaiting_confirmation":
        raise TransmissionError("This transmission is no longer waiting for a confirmation.")
    record = db.session.get(CaseFile, transmission.case_file_id)
    if record is None or record.deleted_at:
        raise TransmissionError("The package is no longer available.")
    case = db.session.get(Case, transmission.case_id)
    transmission.status, transmission.confirmed_at = "sent", utcnow()
    transmission.sent_at = transmission.confirmed_at
    queue_mail(
        transmission.recipient_email,
        "transmission_package",
        case.language,
        case_id=case.id,
        case=case,
        organisation=current_app.config["ORGANISATION_NAME"],
        recipient_name=transmission.recipient_name,
        link=signed_url("transmission.download", LinkPurpose.TRANSMISSION, transmission.public_id),
        link_days=current_app.config["TRANSMISSION_LINK_DAYS"],
        sha256=record.sha256,
    )
    record_event(case, "transmission_confirmed", transmission=transmission.public_id)
    record_event(case, "transmission_sent", transmission=transmission.public_id, sha256=record.sha256)


def refuse_transmission(sub: SubRequest, reason: str, actor_id: int) -> DirectTransmission:
    """Not technically feasible: recorded with the reason, which the answer letter gives."""
    destination = asked_for(sub)
    if not destination:
        raise TransmissionError("The requester did not ask for direct transmission (Art. 20(2)).")
    if not reason.strip():
        raise TransmissionError("Say why direct transmission is not feasible.")
    pending = _pending(sub)
    transmission = pending[-1] if pending else None
    if transmission is None:
        transmission = DirectTransmission(
            case_id=sub.case_id,
            sub_request_id=sub.id,
            public_id=secrets.token_hex(16),
            recipient_name=destination,
            requested_by_id=actor_id,
        )
        db.session.add(transmission)
    transmission.status, transmission.refusal_reason = "refused", reason.strip()
    db.session.flush()
    record_event(sub.case, "transmission_refused", actor_id, transmission=transmission.public_id)
    return transmission


def find(public_id: str) -> DirectTransmission | None:
    return db.session.scalar(select(DirectTransmission).where(DirectTransmission.public_id == public_id))
