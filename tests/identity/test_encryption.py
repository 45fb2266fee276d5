"""ID copies are encrypted at rest, bound to their case and file, and can move to a new key
(security.md S-01..S-04, U-10)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from dsar import config
from dsar.cases.models import CaseEvent
from dsar.core import storage as store
from dsar.core.db import db
from dsar.identity import crypto, retention, service, storage
from tests.identity.conftest import copies, stored_copy

K1 = "k1:" + base64.urlsafe_b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.urlsafe_b64encode(b"2" * 32).decode()


def test_round_trip_and_tampering_detected():
    ring = crypto.parse_keys(K1)
    blob = crypto.encrypt(ring, b"pixels", case_id=1, file_id=7)
    assert crypto.decrypt(ring, blob, 1, 7) == b"pixels"
    assert b"pixels" not in blob and crypto.key_id_of(blob) == "k1"
    for case_id, file_id in ((2, 7), (1, 8)):  # the blob of another case or file
        with pytest.raises(crypto.IntegrityFailure):
            crypto.decrypt(ring, blob, case_id, file_id)
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(crypto.IntegrityFailure):
        crypto.decrypt(ring, flipped, 1, 7)
    with pytest.raises(crypto.IntegrityFailure):
        crypto.decrypt(crypto.parse_keys(K2), blob, 1, 7)  # its key is gone


@pytest.mark.parametrize("raw", ["", "k1", "k1:short", K1 + "," + K1, "bad id!:" + K1[3:]])
def test_malformed_key_configuration_is_refused(raw):
    with pytest.raises(crypto.KeyConfigError):
        crypto.parse_keys(raw)


def production(**extra) -> dict:
    env = {
        "DSAR_ENV": "production",
        "DSAR_SECRET_KEY": "s" * 40,
        "DSAR_AUDIT_KEY": "a" * 40,
        "DSAR_BASE_URL": "https://privacy.example.org",
        "DSAR_CLAMD_ADDRESS": "unix:/run/clamav/clamd.ctl",
    }
    env.update(extra)
    return env


def test_production_needs_its_own_32_byte_id_key():
    with pytest.raises(config.ConfigError, match="DSAR_ID_ENCRYPTION_KEYS"):
        config.build(environ=production())
    with pytest.raises(config.ConfigError, match="32 bytes"):
        config.build(
            environ=production(DSAR_ID_ENCRYPTION_KEYS="k1:" + base64.urlsafe_b64encode(b"x" * 16).decode())
        )
    same = "k1:" + base64.urlsafe_b64encode(b"s" * 32).decode()
    with pytest.raises(config.ConfigError, match="differ from DSAR_SECRET_KEY"):
        config.build(environ=production(DSAR_SECRET_KEY="s" * 32, DSAR_ID_ENCRYPTION_KEYS=same))
    assert config.build(environ=production(DSAR_ID_ENCRYPTION_KEYS=K1))["ID_ENCRYPTION_KEYS"] == K1


def test_no_plaintext_anywhere_and_private_modes(app, forms, client, staff, database_url):
    copy, _link = stored_copy(forms, client, staff)
    plain = service.read_plain(copy)
    assert plain.startswith(b"\xff\xd8\xff")
    root = storage.root()
    assert oct(root.stat().st_mode & 0o777) == "0o700"
    for path in root.iterdir():
        data = path.read_bytes()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert b"JFIF" not in data and plain[200:264] not in data
    if database_url.startswith("sqlite:///"):
        database = Path(database_url.removeprefix("sqlite:///")).read_bytes()
        assert plain[200:264] not in database and b"JFIF" not in database
    static = Path(app.static_folder).resolve()
    assert static not in root.resolve().parents
    assert client.get(f"/static/../uploads/id-copies/{copy.storage_key}.bin").status_code == 404
    assert client.get(f"/uploads/id-copies/{copy.storage_key}.bin").status_code == 404


def test_swapped_blobs_are_detected_never_shown_and_recorded(app, forms, client, staff):
    first, _ = stored_copy(forms, client, staff)
    from dsar.identity.models import IdCopyRequest

    # A second case with its own stored copy.
    forms.submit_request(email="second@example.org")
    from dsar.cases.models import Case

    second_case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
    service.request_id_copy(second_case, "policy")
    db.session.commit()
    request = db.session.scalars(select(IdCopyRequest).where(IdCopyRequest.case_id == second_case.id)).one()
    from dsar.identity import sanitise
    from dsar.identity.inspection import Inspection
    from tests.identity import cards

    second = service.receive_upload(
        request, sanitise.sanitise(cards.to_png(cards.make("nl_id", cards.FIELDS).image))
    )
    db.session.commit()
    service.claim_for_inspection(second.id)
    service.record_inspection(second, Inspection(), None)
    db.session.commit()

    a, b = storage.path_for(first.storage_key), storage.path_for(second.storage_key)
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    response = client.get(
        f"/staff/cases/{first.request.case_id and the_reference(first)}/id-copies/{first.public_id}/image"
    )
    assert response.status_code == 500 and b"JFIF" not in response.data
    events = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "id_copy_integrity_failure")).all()
    assert [event.data["copy_id"] for event in events] == [first.id]


def the_reference(copy) -> str:
    from dsar.cases.models import Case

    return db.session.get(Case, copy.case_id).reference


def test_rotation_reencrypts_everything_and_survives_an_interruption(make_app, forms, staff, monkeypatch):
    old = make_app(ID_SANDBOX=False, ID_ENCRYPTION_KEYS=K1)
    with old.app_context():
        client = old.test_client()
        from tests.support.forms import FormClient

        copy, _ = stored_copy(FormClient(client), client, staff)
        for email in ("b@example.org", "c@example.org"):
            FormClient(client).submit_request(email=email)
        from dsar.cases.models import Case
        from dsar.identity import sanitise
        from dsar.identity.inspection import Inspection
        from dsar.identity.models import IdCopyRequest
        from tests.identity import cards

        data = sanitise.sanitise(cards.to_png(cards.make("be_eid", cards.FIELDS).image))
        for case in db.session.scalars(select(Case).where(Case.id != copy.case_id)).all():
            service.request_id_copy(case, "policy")
            db.session.commit()
            request = db.session.scalars(select(IdCopyRequest).where(IdCopyRequest.case_id == case.id)).one()
            extra = service.receive_upload(request, data)
            db.session.commit()
            service.claim_for_inspection(extra.id)
            service.record_inspection(extra, Inspection(), None)
            db.session.commit()
        assert {c.key_id for c in copies() if c.storage_key} == {"k1"}
        plaintexts = {c.id: service.read_plain(c) for c in copies()}

    both = make_app(ID_SANDBOX=False, ID_ENCRYPTION_KEYS=f"{K2},{K1}")
    with both.app_context():
        real_reseal, calls = storage.reseal, []

        def crash_on_second(copy):
            calls.append(copy.id)
            if len(calls) == 2:
                raise OSError("disk went away")
            return real_reseal(copy)

        monkeypatch.setattr(storage, "reseal", crash_on_second)
        with pytest.raises(OSError):
            retention.rotate_keys()
        db.session.rollback()
        monkeypatch.setattr(storage, "reseal", real_reseal)
        assert retention.rotate_keys() == 2  # the first one was finished before the crash
        assert retention.rotate_keys() == 0

    new_only = make_app(ID_SANDBOX=False, ID_ENCRYPTION_KEYS=K2)
    with new_only.app_context():
        assert {c.key_id for c in copies()} == {"k2"}
        assert {c.id: service.read_plain(c) for c in copies()} == plaintexts
        for c in copies():
            assert store.key_id_of(storage.KIND, c.storage_key) == "k2"
    assert os.environ.get("DSAR_ID_ENCRYPTION_KEYS") is None
