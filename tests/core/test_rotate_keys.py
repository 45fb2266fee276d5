"""``flask dsar rotate-keys`` moves every kind of stored file and secret to the newest key in one
run, after which the old key can go (security.md S-04)."""

from __future__ import annotations

import base64

from sqlalchemy import select

from dsar.accounts import totp
from dsar.accounts.models import StaffUser
from dsar.cases import files
from dsar.cases.models import Case
from dsar.casework import attachments
from dsar.casework.models import CaseAttachment
from dsar.core.db import db
from dsar.exports import manual
from dsar.exports.models import ManualDataset

K1 = "k1:" + base64.urlsafe_b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.urlsafe_b64encode(b"2" * 32).decode()
CSV = b"order,amount\n1001,19.99\n"


def rotate(app) -> str:
    result = app.test_cli_runner().invoke(args=["dsar", "rotate-keys"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def test_one_rotation_reaches_every_kind_and_the_old_key_can_go(app, forms, staff):
    app.config["ID_ENCRYPTION_KEYS"] = K1
    forms.submit_request()
    case = db.session.scalars(select(Case)).one()
    admin = staff("admin")  # enrolled: a two-factor secret sealed under k1
    files.store(case.id, "controller_upload", CSV, "orders.csv")
    attachments.add_attachment(case, b"a note\n", "note.txt", admin.id)
    manual.add_manual_dataset(case, "loyalty", "provided", False, CSV, admin.id)
    db.session.commit()

    app.config["ID_ENCRYPTION_KEYS"] = f"{K2},{K1}"
    output = rotate(app)
    for line in ("case files: 1", "attachments: 1", "hand-added datasets: 1", "two-factor secrets: 1"):
        assert line in output, output

    app.config["ID_ENCRYPTION_KEYS"] = K2  # the old key removed
    assert files.read(db.session.scalars(select(files.CaseFile)).one()) == CSV
    assert attachments.read_attachment(db.session.scalars(select(CaseAttachment)).one()) == b"a note\n"
    assert manual.open_manual(db.session.scalars(select(ManualDataset)).one())[0] == ["order", "amount"]
    assert totp._decrypt(db.session.get(StaffUser, admin.id)) is not None
    assert "two-factor secrets: 0" in rotate(app)


def test_a_two_factor_secret_sealed_before_the_key_ring_still_works_and_rotation_moves_it(app, staff):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    app.config["ID_ENCRYPTION_KEYS"] = K1
    user = staff("handler", enrol=False)
    nonce = b"\x00" * 12
    user.totp_secret = nonce + AESGCM(totp._key()).encrypt(
        nonce, b"JBSWY3DPEHPK3PXP", f"totp:{user.id}".encode()
    )
    db.session.commit()
    assert totp._decrypt(user) == "JBSWY3DPEHPK3PXP"
    assert "two-factor secrets: 1" in rotate(app)
    user = db.session.get(StaffUser, user.id)
    assert user.totp_secret.startswith(totp.MAGIC) and totp._decrypt(user) == "JBSWY3DPEHPK3PXP"
