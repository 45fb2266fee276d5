"""The register of client controllers and the forwards sent to them (rules.md 2.8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow
from workflows.states import ControllerInstruction

INSTRUCTIONS = tuple(instruction.value for instruction in ControllerInstruction)


class ClientController(db.Model):
    """A client for whom we process personal data, and who decides on its data subjects' requests."""

    __tablename__ = "client_controller"
    __table_args__ = (CheckConstraint("forward_working_days BETWEEN 1 AND 30", name="forward_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contact_emails: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    holiday_country: Mapped[str] = mapped_column(String(2), default="BE")
    # DPA art. 9.3: "within five (5) working days"; other agreements may say otherwise.
    forward_working_days: Mapped[int] = mapped_column(default=5)
    # Rules P4: a neutral "forwarded" notice to the requester only when the client allows it.
    may_tell_subject: Mapped[bool] = mapped_column(default=False)
    # Only listed clients appear on the public form: never a list of every client (confidentiality).
    listed_on_form: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Forward(db.Model):
    """One forward of a case to its client controller, and everything the controller answered."""

    __tablename__ = "forward"
    __table_args__ = (
        CheckConstraint(
            "instruction IS NULL OR instruction IN "
            "('controller_answers', 'processor_exports', 'processor_executes', 'no_data_held', "
            "'processor_answers')",
            name="instruction",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # opaque, in the signed link
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    controller_id: Mapped[int] = mapped_column(ForeignKey("client_controller.id"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    instruction: Mapped[str | None] = mapped_column(String(32))
    instruction_note: Mapped[str | None] = mapped_column(Text)
    instruction_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    controller: Mapped[ClientController] = relationship()
    messages: Mapped[list[ForwardMessage]] = relationship(
        order_by="ForwardMessage.id", cascade="all, delete-orphan"
    )


class ForwardMessage(db.Model):
    """A message the client controller wrote on the forward page."""

    __tablename__ = "forward_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    forward_id: Mapped[int] = mapped_column(ForeignKey("forward.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
