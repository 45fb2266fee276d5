"""Tables of the case aggregate (rules.md C7 and 6.3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dsar.core.db import UTCDateTime, db, utcnow
from workflows.rights import is_level_one
from workflows.states import Right


class Case(db.Model):
    """One submission: one receipt time and one legal clock, whatever the number of rights."""

    __tablename__ = "case"
    __table_args__ = (
        CheckConstraint("role IN ('controller', 'processor')", name="role"),
        CheckConstraint("verification_level BETWEEN 0 AND 4", name="verification_level"),
        CheckConstraint(
            "(role = 'processor') = (client_controller_id IS NOT NULL)", name="processor_has_controller"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # opaque, used in signed links
    reference: Mapped[str] = mapped_column(String(16), unique=True)  # short, read out on the phone
    state: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16), default="controller")
    # Processor role (rules C9): the client controller the request concerns.
    client_controller_id: Mapped[int | None] = mapped_column(ForeignKey("client_controller.id"), index=True)
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    controller_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # DPA art. 9.5: nothing is disclosed to the requester before the controller's instruction.
    controller_instruction_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which instruction (workflows.states.ControllerInstruction): only "answer on our behalf" lets
    # anything go to the requester from us, and only what it covers.
    controller_instruction: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    language: Mapped[str] = mapped_column(String(5))

    # Clock (rules 3.2-3.3, 6.3 item 5): stored with the versions that produced it.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    receipt_date: Mapped[date] = mapped_column(Date)
    holiday_country: Mapped[str] = mapped_column(String(2))
    calendar_version: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(16))
    one_month_due: Mapped[date] = mapped_column(Date, index=True)
    extended_due: Mapped[date] = mapped_column(Date)
    sla_target: Mapped[date] = mapped_column(Date)
    forward_by: Mapped[date | None] = mapped_column(Date)
    # The deadline in force: one_month_due moved by counted pauses, or the extended date.
    # one_month_due itself stays the unpaused date, which dashboards warn on (rules 3.4);
    # extended_due is the latest date an extension may reach.
    due_date: Mapped[date] = mapped_column(Date, index=True)
    paused_days: Mapped[int] = mapped_column(default=0)

    # Extension (rules 3.3, 6.3 item 6): once, with a reason code, notice sent by one_month_due.
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    extension_reason: Mapped[str | None] = mapped_column(String(32))
    extension_note: Mapped[str | None] = mapped_column(Text)

    # Requester (rules 6.3 item 2: minimal identifiers).
    requester_name: Mapped[str] = mapped_column(String(200))
    requester_email: Mapped[str] = mapped_column(String(254), index=True)
    requester_phone: Mapped[str | None] = mapped_column(String(40))
    customer_reference: Mapped[str | None] = mapped_column(String(100))
    on_behalf: Mapped[bool] = mapped_column(default=False)
    subject_name: Mapped[str | None] = mapped_column(String(200))
    representative_relation: Mapped[str | None] = mapped_column(String(200))

    verification_level: Mapped[int] = mapped_column(default=2)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    backdate_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The work queue: who works the case, and how it closed when not through an answer.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    closed_as: Mapped[str | None] = mapped_column(String(16))  # duplicate, spam
    closure_note: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))

    sub_requests: Mapped[list[SubRequest]] = relationship(
        back_populates="case", order_by="SubRequest.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )
    messages: Mapped[list[CaseMessage]] = relationship(
        order_by="CaseMessage.id", cascade="all, delete-orphan"
    )
    notices: Mapped[list[CaseNotice]] = relationship(order_by="CaseNotice.id", cascade="all, delete-orphan")
    pauses: Mapped[list[CasePause]] = relationship(
        back_populates="case", order_by="CasePause.id", cascade="all, delete-orphan"
    )

    @property
    def rights(self) -> list[str]:
        return [sub.right for sub in self.sub_requests]

    @property
    def only_level_one_rights(self) -> bool:
        """Every right is a consent withdrawal or a direct-marketing objection (rules 5.2 level 1)."""
        return bool(self.sub_requests) and all(sub.level_one for sub in self.sub_requests)


# Search and duplicate detection compare e-mail addresses without case (lower() on both sides).
Index("ix_case_requester_email_lower", func.lower(Case.requester_email))


class SubRequest(db.Model):
    """One right invoked in a case, with its own details and, later, its own decision."""

    __tablename__ = "sub_request"
    # The queue's right filter asks "has this case that right?" for each case it reads: one index probe.
    __table_args__ = (Index("ix_sub_request_case_right", "case_id", "right"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    right: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    outcome: Mapped[str | None] = mapped_column(String(32))
    legal_ground: Mapped[str | None] = mapped_column(String(64))
    reasons: Mapped[str | None] = mapped_column(Text)  # told to the requester (Art. 12(4))
    # What the law asks to be recorded with the decision (rules 6.3 items 7 and 9): Art. 19
    # recipients or why not, the Art. 21(1) balancing note, the Art. 12(5) justification and approver.
    record: Mapped[dict] = mapped_column(JSON, default=dict)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Art. 18 as a state of the right (rules 2.4): the ground, since when, when the data subject was
    # told it will be lifted (18(3)) and when it was lifted.
    restriction_ground: Mapped[str | None] = mapped_column(String(24))
    restricted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    restriction_lift_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    restriction_lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    case: Mapped[Case] = relationship(back_populates="sub_requests")

    @property
    def direct_marketing(self) -> bool:
        return bool((self.details or {}).get("objection_direct_marketing"))

    @property
    def level_one(self) -> bool:
        return is_level_one(Right(self.right), self.direct_marketing)


class CaseEvent(db.Model):
    """The case timeline: what happened, when, by whom. Facts of the procedure, not its substance
    (Recital 64), so ``data`` holds codes and ids rather than personal data."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(48))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class CasePause(db.Model):
    """A lawful suspension of the clock while we wait for the requester (rules 3.4): asked for
    identity (Art. 12(6)) or to specify a large request (Recital 63)."""

    __tablename__ = "case_pause"
    __table_args__ = (CheckConstraint("reason IN ('identity', 'scope')", name="reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(16))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    requested_on: Mapped[date] = mapped_column(Date)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_on: Mapped[date | None] = mapped_column(Date)
    # False when the question went out later than 3 working days after receipt: recorded, but
    # it does not move the deadline (rules 3.4, "without undue delay").
    counted: Mapped[bool] = mapped_column(default=True)

    case: Mapped[Case] = relationship(back_populates="pauses")


class CaseNotice(db.Model):
    """A reminder or escalation the sweep raised. The unique key makes each one happen once,
    however often or concurrently the sweep runs (security.md R-06)."""

    __tablename__ = "case_notice"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_case_notice_case_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseMessage(db.Model):
    """Correspondence with the requester kept on the case: what we asked, what they answered."""

    __tablename__ = "case_message"
    __table_args__ = (CheckConstraint("direction IN ('in', 'out')", name="direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))


# The queue's keyset pages walk the open cases by (due_date, id): an index of the open cases alone
# lets the row comparison past the cursor be an index range on PostgreSQL (deep pages at 100k).
Index(
    "ix_case_open_due",
    Case.due_date,
    Case.id,
    postgresql_where=Case.closed_at.is_(None),
    sqlite_where=Case.closed_at.is_(None),
)
# The retention purge reads closed cases by closing time. Partial, so that no query of the open
# cases can pick it: SQLite's statistics would count "closed_at IS NULL" as a handful of rows.
Index(
    "ix_case_closed_at",
    Case.closed_at,
    postgresql_where=Case.closed_at.is_not(None),
    sqlite_where=Case.closed_at.is_not(None),
)
