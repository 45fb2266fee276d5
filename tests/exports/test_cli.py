"""``flask dsar seed-demo`` then ``flask dsar export``: a newcomer's first export in two commands."""

from __future__ import annotations

import hashlib
import json
import zipfile

from dsar.core.db import db


def test_seed_demo_then_export_gives_the_demo_persons_bundle(app, tmp_path):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["dsar", "seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    email = seeded.output.strip().splitlines()[-1]
    assert "@" in email
    db.session.remove()

    out = tmp_path / "bundle.zip"
    exported = runner.invoke(args=["dsar", "export", "--email", email, "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest in exported.output
    bundle = zipfile.ZipFile(out)
    manifest = json.loads(bundle.read("manifest.json"))
    assert {d["name"]: d["rows"] for d in manifest["datasets"]} == {
        "customer_account": 1,
        "orders": 2,
        "page_views": 2,
        "marketing_segments": 1,
    }
    assert json.loads(bundle.read("data.json"))["customer_account"][0]["email"] == email

    portable = tmp_path / "portable.zip"
    runner.invoke(args=["dsar", "export", "--email", email, "--scope", "portability", "--out", str(portable)])
    left_out = json.loads(zipfile.ZipFile(portable).read("manifest.json"))["left_out"]
    assert left_out == [{"dataset": "marketing_segments", "reason": "inferred", "detail": None}]


def test_export_refuses_to_overwrite_and_needs_an_identifier(app, tmp_path):
    runner = app.test_cli_runner()
    existing = tmp_path / "there.zip"
    existing.write_bytes(b"keep me")
    assert (
        runner.invoke(args=["dsar", "export", "--email", "a@example.org", "--out", str(existing)]).exit_code
        != 0
    )
    assert existing.read_bytes() == b"keep me"
    assert runner.invoke(args=["dsar", "export", "--out", str(tmp_path / "new.zip")]).exit_code != 0
