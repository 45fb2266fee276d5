"""Rules 5.3: wherever we ask for an ID copy, in every language, the person reads everything to
black out: the photo, the document or card number, the national number (rijksregisternummer or
BSN) and the machine-readable lines (MRZ)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dsar.core.db import db
from dsar.core.links import LinkPurpose, make_token
from dsar.core.mail import OutboxMessage
from tests.identity.conftest import the_case, upload_link

# Written out here, as a reader of each language finds them.
TO_BLACK_OUT = {
    "en": ("photo", "card number", "rijksregisternummer or BSN", "machine-readable lines"),
    "nl": ("pasfoto", "kaartnummer", "rijksregisternummer of BSN", "machineleesbare regels"),
    "fr": ("photo", "de la carte", "registre national ou BSN", "lignes lisibles par machine"),
}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_the_mail_the_upload_page_and_the_status_page_name_everything_to_black_out(forms, client, language):
    from dsar.identity import service

    forms.submit_request(lang=language)
    case = the_case()
    service.request_id_copy(case, "policy")
    db.session.commit()
    mail = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    upload_page = client.get(upload_link() + f"?lang={language}").get_data(as_text=True)
    status = client.get(f"/status/{make_token(LinkPurpose.STATUS, case.public_id)}?lang={language}")
    for where, text in (("mail", mail.body_text), ("upload", upload_page), ("status", status.get_data(True))):
        for part in TO_BLACK_OUT[language]:
            assert part in flat(text), (where, part)
