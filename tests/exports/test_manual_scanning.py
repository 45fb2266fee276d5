"""Files added by hand pass the malware scan before acceptance (security.md U-12): EICAR is refused
with the refusal on the trail; with the scanner down the file is held and stays out of the bundle
until a later scan releases it."""

from __future__ import annotations

from sqlalchemy import select

from dsar.cases.models import CaseEvent
from dsar.core.db import db
from dsar.exports import manual
from dsar.exports.models import ManualDataset
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_decisions import confirmed_case
from tests.exports.conftest import PERSON
from tests.exports.test_bundle import add_by_hand
from tests.support.services import EICAR, free_port


def test_an_infected_file_added_by_hand_is_refused_and_on_the_trail(forms, client, staff, app, clamd):
    app.config["CLAMD_ADDRESS"] = clamd.address
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    page = add_by_hand(client, case, "paper_file", b"a,b\n" + EICAR + b",1\n")
    assert "malware scanner found" in page
    assert db.session.scalars(select(ManualDataset)).all() == []
    assert db.session.scalars(select(CaseEvent.kind).where(CaseEvent.kind == "upload_refused_malware")).all()


def test_a_held_file_stays_out_of_the_bundle_until_a_scan_releases_it(forms, client, staff, app):
    app.config["CLAMD_ADDRESS"], app.config["CLAMD_TIMEOUT"] = f"127.0.0.1:{free_port()}", 1
    case = confirmed_case(forms, rights=["access"], email=PERSON)
    staff("handler")
    sign_in(forms)
    add_by_hand(client, case, "paper_file", b"date,note\n2019-04-01,typed\n")
    held = db.session.scalars(select(ManualDataset)).one()
    assert held.scan_status == "held" and manual.current_for(case.id) == []
    assert manual.rescan_held_datasets() == 0
    app.config["CLAMD_ADDRESS"] = ""
    assert manual.rescan_held_datasets() == 1
    assert [m.dataset for m in manual.current_for(case.id)] == ["paper_file"]
