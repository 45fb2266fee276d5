"""Staff account operations. They change the session and never commit."""

from __future__ import annotations

import secrets

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from dsar.accounts import passwords
from dsar.accounts.models import StaffUser
from dsar.core.db import db, utcnow
from workflows.states import StaffRole

MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_staff(email: str, name: str, role: str, password: str) -> StaffUser:
    email = normalise_email(email)
    if role not in set(StaffRole):
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(StaffRole)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if find_by_email(email):
        raise AccountError(f"a staff account for {email} already exists")
    user = StaffUser(
        email=email, name=name.strip(), role=role, password_hash=passwords.hasher().hash(password)
    )
    db.session.add(user)
    return user


def find_by_email(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))


def authenticate(email: str, password: str) -> StaffUser | None:
    """The user when the password matches an active account, else None, in equal time."""
    user = find_by_email(email)
    hasher = passwords.hasher()
    try:
        hasher.verify(user.password_hash if user else passwords.dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    user.last_login_at = utcnow()
    return user


def end_sessions(user: StaffUser) -> None:
    """Invalidate every session of this user (logout, deactivation)."""
    user.session_version += 1


def staff_count() -> int:
    return db.session.scalar(select(func.count(StaffUser.id)))


def staff_emails() -> dict[int, str]:
    """Every staff account's e-mail address by id, in address order: how the audit trail names them."""
    return dict(db.session.execute(select(StaffUser.id, StaffUser.email).order_by(StaffUser.email)).all())


def generate_password() -> str:
    return secrets.token_urlsafe(15)


# Other features name and pick staff through these, never through the StaffUser table.


def staff_member(staff_id: int | None) -> StaffUser | None:
    return db.session.get(StaffUser, staff_id) if staff_id else None


def active_staff_in_roles(roles) -> list[StaffUser]:
    """Active staff holding one of ``roles``, by name: who can be given a case."""
    query = select(StaffUser).where(StaffUser.active.is_(True), StaffUser.role.in_(tuple(roles)))
    return list(db.session.scalars(query.order_by(StaffUser.name, StaffUser.id)))


def staff_names(staff_ids) -> dict[int, str]:
    """{id: name} of these staff in one query, colleagues who have left since included."""
    if not staff_ids:
        return {}
    rows = db.session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(set(staff_ids))))
    return {row.id: row.name for row in rows}
