"""Two-factor sign-in with time-based one-time codes (security.md A-04, ASVS 6.3.2 / 6.5.x).

Mandatory for admins and for every role that can open ID copies (identity's ``may_see_copies``),
optional for the others. The secret is stored AES-256-GCM encrypted with the portal's key ring
(dsar/core/crypto.py), bound to the user's id and the key id, so ``flask dsar rotate-keys`` moves it
to a new key like every stored file (security.md S-04). A secret sealed before that (with a key
derived from the secret key) is still read, and rotation re-seals it under the ring. Each 30-second
step is accepted once, one step of clock drift either way. Ten recovery codes are kept as keyed
hashes and work once each. Operations change the session and never commit."""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
import time
from datetime import datetime

import pyotp
import qrcode
import qrcode.image.svg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import ForeignKey, String, delete, or_, select, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from dsar.accounts.models import StaffUser
from dsar.core import audit, crypto
from dsar.core.db import UTCDateTime, db, utcnow
from dsar.identity.service import may_see_copies

RECOVERY_CODES = 10
STEP_SECONDS = 30  # ASVS 6.5.5: a code lives at most 30 s (plus one step of drift)
ISSUER = "DSAR portal"


class RecoveryCode(db.Model):
    __tablename__ = "staff_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def required(user: StaffUser) -> bool:
    return user.role == "admin" or may_see_copies(user)


def enrolled(user: StaffUser) -> bool:
    return user.totp_secret is not None and user.totp_enrolled_at is not None


MAGIC = b"DSTP1"


def _aad(user_id: int):
    return lambda key_id: f"dsar.totp|user={user_id}|key={key_id}".encode()


def _key() -> bytes:
    """Derived from the secret key: the recovery codes' HMAC key, and the key of secrets sealed
    before the key ring held them."""
    secret = current_app.config["SECRET_KEY"].encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"dsar staff totp v1").derive(secret)


def _encrypt(user: StaffUser, secret: str) -> bytes:
    return crypto.seal(crypto.key_ring(current_app.config), secret.encode(), MAGIC, _aad(user.id))


def _decrypt(user: StaffUser) -> str | None:
    blob = user.totp_secret
    if not blob:
        return None
    try:
        if blob.startswith(MAGIC):
            return crypto.unseal(crypto.key_ring(current_app.config), blob, MAGIC, _aad(user.id)).decode()
        return AESGCM(_key()).decrypt(blob[:12], blob[12:], f"totp:{user.id}".encode()).decode()
    except (InvalidTag, crypto.IntegrityFailure):  # key gone or the row tampered with: no code matches
        return None


def rotate_keys(echo=lambda _line: None) -> int:
    """Re-seal every two-factor secret under the newest key (security.md S-04); ``flask dsar
    rotate-keys`` runs it. A secret that no longer opens is left alone (its owner re-enrols)."""
    current = crypto.key_ring(current_app.config).current
    done = 0
    for user in db.session.scalars(select(StaffUser).where(StaffUser.totp_secret.is_not(None))).all():
        blob = user.totp_secret
        if blob.startswith(MAGIC) and crypto.key_id_of(blob, MAGIC) == current:
            continue
        secret = _decrypt(user)
        if secret is None:
            continue
        user.totp_secret = _encrypt(user, secret)
        db.session.commit()
        done += 1
    echo(f"two-factor secrets: re-sealed {done}")
    return done


def begin_enrolment(user: StaffUser) -> str:
    """A new unconfirmed secret (a previous unconfirmed one is replaced); returns it for display."""
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_enrolled_at, user.totp_last_counter = _encrypt(user, secret), None, None
    return secret


def pending_secret(user: StaffUser) -> str | None:
    return None if enrolled(user) else _decrypt(user)


def provisioning_uri(user: StaffUser, secret: str) -> str:
    issuer = f"{ISSUER} ({current_app.config['ORGANISATION_NAME']})"
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG: drawn here, never by an outside service."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=16, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # inline in the page: no XML declaration


def _matching_counter(secret: str, code: str) -> int | None:
    code = "".join(code.split())
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp, current = pyotp.TOTP(secret, interval=STEP_SECONDS), int(time.time()) // STEP_SECONDS
    for counter in (current - 1, current, current + 1):  # one step of clock drift either way
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def _accept(user: StaffUser, secret: str | None, code: str) -> bool:
    """True once per time step: a replayed or older code is refused (ASVS 6.5.1), also when the same
    code arrives in parallel requests. The step is claimed with one conditional UPDATE, so of two
    requests with the same code only one changes the row (the other waits for the row or database
    lock, then finds the counter already moved on); reading the counter first would let both pass."""
    counter = _matching_counter(secret, code) if secret else None
    if counter is None:
        return False
    claimed = db.session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            or_(StaffUser.totp_last_counter.is_(None), StaffUser.totp_last_counter < counter),
        )
        .values(totp_last_counter=counter)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_counter", counter)  # the row already holds it
    return True


def confirm_enrolment(user: StaffUser, code: str) -> list[str] | None:
    """The first code proves the app holds the secret; returns the recovery codes (shown once)."""
    if enrolled(user) or not _accept(user, _decrypt(user), code):
        return None
    user.totp_enrolled_at = utcnow()
    audit.record("staff.two_factor_enrolled", user.id)
    return _new_recovery_codes(user)


def verify(user: StaffUser, code: str) -> bool:
    """A current code, or else an unused recovery code (which is then spent)."""
    if not enrolled(user):
        return False
    if _accept(user, _decrypt(user), code):
        return True
    return _spend_recovery_code(user, code)


def _hash_code(code: str) -> str:
    # Recovery codes carry 80 random bits: a keyed hash is enough, no slow hash needed.
    normalised = "".join(code.split()).replace("-", "").lower()
    return hmac.new(_key(), normalised.encode(), hashlib.sha256).hexdigest()


def _new_recovery_codes(user: StaffUser) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(10)
        codes.append(f"{raw[:5]}-{raw[5:10]}-{raw[10:15]}-{raw[15:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    return codes


def _spend_recovery_code(user: StaffUser, code: str) -> bool:
    if len(code) > 64:
        return False
    found = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    audit.record("staff.recovery_code_used", user.id)
    return True


def reset(user: StaffUser, actor_id: int) -> None:
    """An admin clears a lost authenticator; the user enrols again at the next sign-in."""
    user.totp_secret, user.totp_enrolled_at, user.totp_last_counter = None, None, None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.session_version += 1
    audit.record("staff.two_factor_reset", actor_id, user_id=user.id)
