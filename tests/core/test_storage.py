"""The one file store (dsar/core/storage), run against each backend: local disk and S3 (moto's
server on loopback). What a backend holds is only ciphertext; a rollback leaves nothing behind; a
deletion waits for the commit; a blob moved under another owner does not open; rotation and the
migration of plaintext files work in place (security.md S-01, S-02, S-04, R-07)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from dsar.core import crypto, storage
from dsar.core.db import db

K1 = "k1:" + base64.urlsafe_b64encode(b"1" * 32).decode()
K2 = "k2:" + base64.urlsafe_b64encode(b"2" * 32).decode()
KIND = storage.Kind("test-file", "test-files")
OTHER = storage.Kind("other-file", "test-files")
MARKER = b"MARKER-" + b"q" * 57


@pytest.fixture
def store_app(make_app, storage_backend):
    app = make_app(ID_ENCRYPTION_KEYS=K1, **storage_backend["settings"])
    with app.app_context():
        yield app
        db.session.remove()


def blobs(app, backend) -> dict[str, bytes]:
    """Everything the backend holds, by key."""
    if backend["name"] == "s3":
        return {k.removeprefix("portal/"): v for k, v in backend["server"].objects(backend["bucket"]).items()}
    root = Path(app.config["UPLOAD_DIR"])
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_holds_only_ciphertext(store_app, storage_backend):
    name = storage.new_name()
    data = MARKER * 3000  # several chunks
    assert storage.write(KIND, name, "case=1|file=2", data) == "k1"
    db.session.commit()
    held = blobs(store_app, storage_backend)
    assert list(held) == [f"test-files/{name}.bin"]
    assert MARKER not in held[f"test-files/{name}.bin"]
    reader = storage.open(KIND, name, "case=1|file=2")
    assert reader.size == len(data)
    pieces = []
    while piece := reader.read(10_000):
        pieces.append(piece)
    reader.close()
    assert b"".join(pieces) == data


def test_a_rollback_removes_what_the_transaction_wrote(store_app, storage_backend):
    storage.write(KIND, storage.new_name(), "case=1|file=1", b"kept")
    db.session.commit()
    storage.write(KIND, storage.new_name(), "case=1|file=2", b"gone")
    db.session.rollback()
    assert len(blobs(store_app, storage_backend)) == 1


def test_a_deletion_waits_for_the_commit(store_app, storage_backend):
    name = storage.new_name()
    storage.write(KIND, name, "o", b"data")
    db.session.commit()
    storage.delete_after_commit(KIND, name)
    db.session.rollback()  # the deletion was never recorded: the file stays
    assert storage.exists(KIND, name)
    storage.delete_after_commit(KIND, name)
    assert storage.exists(KIND, name)
    db.session.commit()
    assert not storage.exists(KIND, name) and blobs(store_app, storage_backend) == {}


def test_a_blob_under_another_owner_or_kind_does_not_open(store_app):
    name = storage.new_name()
    storage.write(KIND, name, "case=1|file=2", b"mine")
    db.session.commit()
    for kind, owner in ((KIND, "case=2|file=2"), (KIND, "case=1|file=3"), (OTHER, "case=1|file=2")):
        with pytest.raises(storage.Unreadable):
            storage.read(kind, name, owner)
    with pytest.raises(storage.Unreadable):
        storage.read(KIND, storage.new_name(), "case=1|file=2")  # missing


def test_rotation_moves_a_blob_to_the_new_key(store_app):
    name = storage.new_name()
    storage.write(KIND, name, "o", MARKER)
    db.session.commit()
    store_app.config["ID_ENCRYPTION_KEYS"] = f"{K2},{K1}"
    assert storage.key_id_of(KIND, name) == "k1"
    assert storage.reseal(KIND, name, "o") == "k2"
    assert storage.reseal(KIND, name, "o") == "k2"  # twice is harmless
    store_app.config["ID_ENCRYPTION_KEYS"] = K2  # the old key removed
    assert storage.key_id_of(KIND, name) == "k2" and storage.read(KIND, name, "o") == MARKER


def test_a_plaintext_file_from_before_is_read_and_encrypted_in_place(store_app, storage_backend):
    from dsar.core.storage.store import backend, key_for

    name = storage.new_name()
    backend().put(key_for(KIND, name), [MARKER])
    assert storage.read(KIND, name, "o", storage.PLAIN) == MARKER
    with pytest.raises(storage.Unreadable):
        storage.read(KIND, name, "o")  # a row that says "encrypted" never gets plaintext
    assert storage.reseal(KIND, name, "o", storage.PLAIN) == "k1"
    assert MARKER not in blobs(store_app, storage_backend)[f"test-files/{name}.bin"]
    assert storage.read(KIND, name, "o") == MARKER


def test_stored_lists_the_blobs_of_a_kind(store_app):
    names = {storage.new_name() for _ in range(3)}
    for name in names:
        storage.write(KIND, name, "o", b"x")
    db.session.commit()
    assert set(storage.stored(KIND)) == names


def test_local_files_are_private(make_app, tmp_path):
    app = make_app(ID_ENCRYPTION_KEYS=K1)
    with app.app_context():
        name = storage.new_name()
        storage.write(KIND, name, "o", b"x")
        db.session.commit()
        path = Path(app.config["UPLOAD_DIR"]) / "test-files" / f"{name}.bin"
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


@pytest.mark.parametrize(
    ("data", "allow", "kind"),
    [
        (b"%PDF-1.7 ...", {"pdf", "png"}, "pdf"),
        (b"%PDF-1.7 ...", {"png", "jpeg"}, None),
        (b"\x89PNG\r\n\x1a\nxx", {"png"}, "png"),
        (b"\xff\xd8\xffxx", {"jpeg"}, "jpeg"),
        (b"PK\x03\x04xx", {"zip", "text"}, "zip"),
        (b"PK\x03\x04xx", {"text"}, None),  # a ZIP is never text
        (b'[{"a": 1}]', {"json", "csv"}, "json"),
        (b"a,b\n1,2\n", {"json", "csv"}, "csv"),
        (b"notes", {"text"}, "text"),
        (b"a\x00b", {"text", "csv"}, None),
        (b"\xff\xfe", {"text"}, None),
    ],
)
def test_type_by_content_against_the_callers_list(data, allow, kind):
    found = storage.detect(data, allow)
    assert (found.kind if found else None) == kind


def test_a_scanner_that_is_down_holds_the_file(make_app):
    from tests.support.services import free_port

    app = make_app(CLAMD_ADDRESS=f"127.0.0.1:{free_port()}", CLAMD_TIMEOUT=1)
    with app.app_context():
        assert storage.scan_status(b"data") == storage.HELD
        assert storage.rescan_status(b"data") is None
    with make_app().app_context():
        assert storage.scan_status(b"data") == "unscanned"


def test_the_s3_backend_encrypts_before_upload(make_app, moto_server):
    bucket = moto_server.new_bucket()
    app = make_app(ID_ENCRYPTION_KEYS=K1, **moto_server.settings(bucket, prefix="eu/portal"))
    with app.app_context():
        storage.write(KIND, storage.new_name(), "o", MARKER)
        db.session.commit()
    objects = moto_server.objects(bucket)
    assert len(objects) == 1 and next(iter(objects)).startswith("eu/portal/test-files/")
    assert MARKER not in next(iter(objects.values())) and next(iter(objects.values())).startswith(b"DSF1")
    assert crypto.key_id_of(next(iter(objects.values())), b"DSF1") == "k1"


@pytest.mark.parametrize("url", ["s3:/bucket", "file:///tmp/x", "s3://B_ad/x", "uploads"])
def test_a_storage_url_that_is_not_s3_refuses_to_start(url):
    from dsar import config

    with pytest.raises(config.ConfigError, match="DSAR_STORAGE_URL"):
        config.build(environ={"DSAR_STORAGE_URL": url})
    assert (
        config.build(environ={"DSAR_STORAGE_URL": "s3://dsar-files/eu"})["STORAGE_URL"]
        == "s3://dsar-files/eu"
    )
