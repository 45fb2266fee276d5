"""Rules 5.2 level 2: with a data source that holds the requester's address on file, the one-time
link goes to that address, not to a new address given in the form, and so does the answer."""

from __future__ import annotations

import re

from sqlalchemy import select

from dsar.cases.models import Case, CaseEvent
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.exports.admin import source_files_dir
from dsar.exports.models import DataSource, SourceQuery
from dsar.exports.sealing import seal
from tests.support.forms import hidden_fields


def customer_file(app) -> None:
    folder = source_files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "customers.csv").write_text("customer_number,email\nC-4711,an.on.file@example.org\n")
    source = DataSource(
        name="CRM",
        kind="csv",
        location_sealed=seal(str(folder / "customers.csv")),
        location_hint="customers.csv",
    )
    source.queries.append(
        SourceQuery(dataset="customers", identifier="customer_number", statement="customer_number")
    )
    db.session.add(source)
    db.session.commit()
    app.config["ADDRESS_ON_FILE_DATASET"] = "customers"


def mails_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)))


def confirm(client, mail: OutboxMessage) -> None:
    path = re.search(r"http://portal\.test(/confirm/\S+)", mail.body_text).group(1)
    page = client.get(path).get_data(as_text=True)
    assert client.post(path, data=hidden_fields(page)).status_code == 302


def test_the_link_goes_to_the_address_on_file_and_the_answer_will_too(app, forms, client):
    customer_file(app)
    forms.submit_request(email="new.address@example.org", customer_reference="C-4711")
    [acknowledgement] = mails_to("new.address@example.org")
    assert "/confirm/" not in acknowledgement.body_text  # no link to the new address
    assert "address we have on file" in acknowledgement.body_text
    [on_file] = mails_to("an.on.file@example.org")
    assert on_file.template == "confirm_on_file" and "/confirm/" in on_file.body_text
    assert "new.address" not in on_file.body_text

    confirm(client, on_file)
    case = db.session.scalars(select(Case)).one()
    assert case.email_confirmed_at is not None and case.requester_email == "an.on.file@example.org"
    kinds = {e.kind for e in db.session.scalars(select(CaseEvent))}
    assert {"confirmation_sent_to_address_on_file", "answer_address_on_file"} <= kinds


def test_the_address_given_gets_the_link_when_it_is_the_one_on_file_or_none_is(app, forms):
    customer_file(app)
    forms.submit_request(email="AN.ON.FILE@example.org", customer_reference="C-4711")
    forms.submit_request(email="someone@example.org", customer_reference="C-0000")
    for address in ("AN.ON.FILE@example.org", "someone@example.org"):
        [mail] = mails_to(address)
        assert mail.template == "acknowledgement" and "/confirm/" in mail.body_text
    assert mails_to("an.on.file@example.org") == []
