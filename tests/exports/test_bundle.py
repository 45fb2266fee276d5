"""Collecting a case's data from real SQLite and PostgreSQL sources into the bundle: every file
checked against the manifest, hostile values kept exact in JSON and neutralised in CSV, the
portability scope, a source that is down, and delivery through the expiring answer link."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from flask import current_app
from sqlalchemy import select

from dsar.cases.files import CaseFile, sweep_expired_files
from dsar.core.audit import AuditEntry
from dsar.core.csv_writer import safe_cell
from dsar.core.db import db
from dsar.exports.models import Collection
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import confirmed_case, decide, post_action
from tests.cases.test_files import download_path
from tests.exports.conftest import HOSTILE, PERSON, configure_pg, configure_sqlite, record_of_processing
from tests.support.forms import hidden_fields


def collect(client, jobs, case) -> Collection:
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    response = client.post(f"/staff/cases/{case.reference}/collect", data=hidden_fields(page))
    assert response.status_code == 302
    jobs.drain()
    db.session.expire_all()
    return db.session.scalars(select(Collection).where(Collection.case_id == case.id)).one()


def staff_bundle(client, case, collection) -> zipfile.ZipFile:
    package = db.session.get(CaseFile, collection.case_file_id)
    response = client.get(f"/staff/cases/{case.reference}/files/{package.public_id}")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/zip"
    assert hashlib.sha256(response.data).hexdigest() == collection.sha256 == package.sha256
    return zipfile.ZipFile(io.BytesIO(response.data))


def rows_of(bundle: zipfile.ZipFile, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(bundle.read(name).decode("utf-8"), newline="")))


def test_the_bundle_matches_its_manifest_file_by_file(
    forms, client, staff, jobs, sqlite_source_path, pg_source_url
):
    configure_sqlite(sqlite_source_path)
    configure_pg(pg_source_url)
    record_of_processing(with_invoices=True)
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    collection = collect(client, jobs, case)
    assert collection.status == "done"

    bundle = staff_bundle(client, case, collection)
    manifest = json.loads(bundle.read("manifest.json"))
    names = sorted(bundle.namelist())
    assert names == sorted(
        [
            "customer.csv",
            "notes.csv",
            "scores.csv",
            "invoices.csv",
            "data.json",
            "README.txt",
            "manifest.json",
        ]
    )
    assert sorted(f["name"] for f in manifest["files"]) == sorted(set(names) - {"manifest.json"})
    for entry in manifest["files"]:
        data = bundle.read(entry["name"])
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    assert manifest["case_reference"] == case.reference and manifest["schema_version"] == "1"
    assert manifest["generated_at"].endswith("+00:00") and manifest["left_out"] == []
    assert {d["name"]: d["rows"] for d in manifest["datasets"]} == {
        "customer": 1,
        "notes": 9,
        "scores": 1,
        "invoices": 2,
    }
    assert manifest["processing"][0]["purpose"] == "Accounting"


def test_hostile_values_stay_exact_in_json_and_cannot_run_as_formulas_in_csv(
    forms, client, staff, jobs, sqlite_source_path, pg_source_url
):
    configure_sqlite(sqlite_source_path)
    configure_pg(pg_source_url)
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    bundle = staff_bundle(client, case, collect(client, jobs, case))

    data = json.loads(bundle.read("data.json"))
    assert [note["body"] for note in data["notes"]] == HOSTILE  # nobody else's note, nothing altered
    header, *notes = rows_of(bundle, "notes.csv")
    assert header == ["written_at", "body"]
    bodies = [row[1] for row in notes]
    assert bodies == [safe_cell(value) for value in HOSTILE]
    assert all(not body.startswith(("=", "+", "-", "@", "\t")) for body in bodies)
    assert bodies[0] == "'" + HOSTILE[0] and bodies[5] == HOSTILE[5]
    assert len(bodies[-1]) == len(HOSTILE[-1])
    invoices = data["invoices"]
    assert invoices[0] == {"issued_at": "2026-02-03T10:00:00+00:00", "amount": "19.99", "memo": "=1+1"}
    assert rows_of(bundle, "invoices.csv")[1] == ["2026-02-03T10:00:00+00:00", "19.99", "'=1+1"]


def test_portability_leaves_out_inferred_data_and_other_legal_bases_and_says_why(
    forms, client, staff, jobs, sqlite_source_path, pg_source_url
):
    configure_sqlite(sqlite_source_path)
    configure_pg(pg_source_url)
    record_of_processing(with_invoices=True)
    case = confirmed_case(forms, rights=["portability"], email=PERSON, lang="nl", portability_scope="all")
    staff("handler")
    sign_in(forms)
    bundle = staff_bundle(client, case, collect(client, jobs, case))

    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["scope"] == "portability"
    assert [d["name"] for d in manifest["datasets"]] == ["customer", "notes"]
    assert {(i["dataset"], i["reason"]) for i in manifest["left_out"]} == {
        ("scores", "inferred"),
        ("invoices", "legal_basis"),
    }
    readme = bundle.read("README.txt").decode("utf-8")
    # In the requester's language (this heading is already in the Dutch catalogue).
    assert "Bestanden" in readme and "scores: " in readme
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "scores" in page and "Art. 20(1)" in page


def test_a_source_that_is_down_gives_a_partial_bundle_that_says_what_is_missing(
    forms, client, staff, jobs, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    configure_pg("postgresql+psycopg://nobody:pw@127.0.0.1:1/none", name="Billing (down)")
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    collection = collect(client, jobs, case)

    assert collection.status == "partial"
    state = client.get(f"/staff/cases/{case.reference}/collections/{collection.id}/progress").get_json()
    by_name = {s["name"]: s for s in state["sources"]}
    assert by_name["CRM"]["status"] == "done" and by_name["CRM"]["rows"] == 11
    assert (
        by_name["Billing (down)"]["status"] == "failed"
        and "OperationalError" in by_name["Billing (down)"]["reason"]
    )
    assert "pw@" not in json.dumps(state)
    manifest = json.loads(staff_bundle(client, case, collection).read("manifest.json"))
    assert [(i["dataset"], i["reason"]) for i in manifest["left_out"]] == [("invoices", "source_failed")]
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert (
        "partial: some sources could not be read" in page
        and "could not be read; it will be searched again" in page
    )


def test_the_requester_downloads_the_bundle_and_after_expiry_only_its_manifest_remains(
    forms, client, staff, jobs, app, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    record_of_processing()  # an access answer carries the Art. 15(1) information
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    collection = collect(client, jobs, case)
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")

    link = download_path(f"data-{case.reference}.zip").removeprefix("http://portal.test")
    response = app.test_client().get(link)
    assert response.status_code == 200 and hashlib.sha256(response.data).hexdigest() == collection.sha256
    assert zipfile.ZipFile(io.BytesIO(response.data)).testzip() is None
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "case.answer_downloaded" in actions and "case.collection_finished" in actions

    with time_machine.travel(datetime.now(UTC) + timedelta(days=31)):
        assert sweep_expired_files() == 2  # the bundle and the answer letter beside it
        expired = app.test_client().get(link)
    assert expired.status_code == 410 and "This link has expired" in expired.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Collection, collection.id)
    assert kept.sha256 == collection.sha256 and kept.manifest["datasets"][0]["name"] == "customer"
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "deleted; its manifest is kept" in page and collection.sha256 in page


def test_only_case_workers_start_a_collection_and_progress_is_scoped_to_its_case(
    forms, client, staff, jobs, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("auditor")
    sign_in(forms, email="auditor@example.org")
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Collect the data from every source" not in page
    response = client.post(f"/staff/cases/{case.reference}/collect", data=hidden_fields(page))
    assert response.status_code == 403
    assert client.get(f"/staff/cases/{case.reference}/collections/999/progress").status_code == 404


def add_by_hand(client, case, dataset, data: bytes, name="file.csv", origin="provided", portable=False):
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    fields = {**hidden_fields(page), "dataset": dataset, "origin": origin, "upload": (io.BytesIO(data), name)}
    if portable:
        fields["portable"] = "y"
    response = client.post(
        f"/staff/cases/{case.reference}/manual-datasets", data=fields, content_type="multipart/form-data"
    )
    return client.get(response.location).get_data(as_text=True)


def test_files_added_by_hand_go_into_the_bundle_and_are_deleted_with_the_case(
    forms, client, staff, jobs, app, sqlite_source_path
):
    configure_sqlite(sqlite_source_path)
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    add_by_hand(client, case, "paper_file", b"date,note\n2019-04-01,@typed from a letter\n")
    add_by_hand(client, case, "events", b'[{"at": "2020-01-01", "what": "<b>visit</b>"}]', name="e.json")
    refused = add_by_hand(client, case, "bad", b"\x89PNG\r\n\x1a\n\x00\x00", name="x.csv")
    assert "Only UTF-8 CSV or JSON files are accepted." in refused
    clash = add_by_hand(client, case, "notes", b"a\n1\n")
    assert "A dataset with this name exists already." in clash

    bundle = staff_bundle(client, case, collect(client, jobs, case))
    assert rows_of(bundle, "paper_file.csv") == [["date", "note"], ["2019-04-01", "'@typed from a letter"]]
    assert json.loads(bundle.read("data.json"))["events"] == [{"at": "2020-01-01", "what": "<b>visit</b>"}]

    from dsar.exports.manual import sweep_manual_datasets

    def storage_dir():
        return Path(current_app.config["UPLOAD_DIR"]) / "manual-datasets"

    assert len(list(storage_dir().iterdir())) == 2
    assert all(b"typed from a letter" not in path.read_bytes() for path in storage_dir().iterdir())
    db.session.get(type(case), case.id).closed_at = datetime.now(UTC)
    db.session.commit()
    assert sweep_manual_datasets() == 2 and list(storage_dir().iterdir()) == []


def test_a_dataset_cut_off_at_its_row_limit_is_listed_as_left_out(
    forms, client, staff, jobs, sqlite_source_path
):
    source = configure_sqlite(sqlite_source_path)
    next(q for q in source.queries if q.dataset == "notes").row_cap = 4
    db.session.commit()
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    manifest = json.loads(staff_bundle(client, case, collect(client, jobs, case)).read("manifest.json"))
    assert {d["name"]: d["rows"] for d in manifest["datasets"]}["notes"] == 4
    assert {"dataset": "notes", "reason": "row_cap", "detail": "4"} in manifest["left_out"]
