"""Staff users."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from dsar.core.db import UTCDateTime, db, utcnow


class StaffUser(UserMixin, db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('admin', 'dpo', 'handler', 'auditor')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped at logout and on deactivation: every session cookie carrying an older value is dead,
    # so logout really ends the session server-side (security.md A-07, ASVS 3.3.1).
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (security.md A-04): the TOTP secret encrypted at rest (accounts/totp.py),
    # set but unconfirmed while enrolment is under way; the last time step used, so each code is
    # accepted once (ASVS 6.5.1).
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_counter: Mapped[int | None] = mapped_column()

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


class HeldForm(db.Model):
    """What a staff member had typed into a form that a fresh sign-in interrupted (security.md A-11).
    Kept on the server, named in the session by a random key, given back once to the same user on
    the same form and never replayed: the user checks it and sends it again."""

    __tablename__ = "held_form"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(300))  # the path the form was posted to
    fields: Mapped[dict] = mapped_column(JSON)  # name -> list of values, the CSRF token left out
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
