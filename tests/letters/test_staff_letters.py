"""Staff preview and download the letter for the case's current decision; the answer carries it;
each generation is on the case timeline and the audit trail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dsar import create_app
from dsar.cases.files import CaseFile
from dsar.cases.models import Case, CaseEvent
from dsar.config import ConfigError
from dsar.core.audit import AuditEntry
from dsar.core.db import db
from dsar.core.mail import OutboxMessage
from dsar.exports.models import ProcessingActivity
from tests.accounts.test_sign_in import sign_in
from tests.cases.test_clock_actions import at, extend, setup_case
from tests.cases.test_decisions import confirmed_case, decide, post_action, the_case
from tests.cases.test_files import CSV, attach
from tests.conftest import base_config
from tests.letters.pdfs import pdf_text


def letter_url(case: Case, kind: str) -> str:
    return f"/staff/cases/{case.reference}/letters/{kind}.pdf"


def partly_refused_case(forms, client, staff, lang="fr") -> Case:
    case = confirmed_case(forms, rights=["access"], lang=lang)
    staff("handler")
    sign_in(forms)
    decide(
        client,
        case,
        "access",
        outcome="partly_granted",
        legal_ground="art_15_4",
        reasons="Deux courriels concernent aussi un tiers & <b>son</b> avocat.",
    )
    return the_case()


def test_staff_preview_the_partial_refusal_in_the_requesters_language(forms, client, staff):
    case = partly_refused_case(forms, client, staff)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert letter_url(case, "partial_refusal") in page

    response = client.get(letter_url(case, "partial_refusal"))
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline;")
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    text = pdf_text(response.data)
    assert f"Notre référence : {case.reference}" in text
    assert "Deux courriels concernent aussi un tiers & <b>son</b> avocat." in text
    assert "Autorité de protection des données" in text and "article 12(4) du RGPD" in text
    assert "Art. 15(4) RGPD : les droits et libertés d'autrui" in text  # the legal ground, in French

    download = client.get(letter_url(case, "partial_refusal") + "?download=1")
    assert download.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''letter-")
    kinds = [e.kind for e in db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))]
    assert "letter_previewed" in kinds and "letter_downloaded" in kinds
    audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.case_id == case.id)).all()
    assert "case.letter_previewed" in audited and "case.letter_downloaded" in audited


def test_no_answer_letter_before_every_right_is_decided(forms, client, staff):
    case = confirmed_case(forms, rights=["access", "erasure"])
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")
    assert client.get(letter_url(case, "access")).status_code == 404
    assert client.get(letter_url(case, "refusal")).status_code == 404
    assert client.get(letter_url(case, "no-such-kind")).status_code == 404


def test_letters_need_a_signed_in_staff_member_and_auditors_may_read_them(forms, client, staff, app):
    case = partly_refused_case(forms, client, staff)
    outsider = app.test_client()
    response = outsider.get(letter_url(case, "partial_refusal"))
    assert response.status_code == 302 and "/staff/login" in response.location

    staff("auditor")
    auditor = app.test_client()
    from tests.support.forms import FormClient

    sign_in(FormClient(auditor), email="auditor@example.org")
    assert auditor.get(letter_url(case, "partial_refusal")).status_code == 200
    assert auditor.get(f"/staff/cases/{case.reference}/letters/partial_refusal.pdf").data.startswith(b"%PDF-")


def test_the_answer_carries_the_letter_and_the_letter_lists_the_package(forms, client, staff, app):
    case = confirmed_case(forms, rights=["access"], lang="nl")
    describe_processing()  # an access answer carries the Art. 15(1) information
    staff("handler")
    sign_in(forms)
    attach(client, case, CSV, "orders.csv")
    decide(client, case, "access", outcome="granted")
    post_action(client, case, "answer")

    letter = db.session.scalars(select(CaseFile).where(CaseFile.display_name.like("letter-%"))).one()
    assert letter.kind == "answer_package" and letter.content_type == "application/pdf"
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "answer")).one()
    line = next(line for line in mail.body_text.splitlines() if line.startswith(letter.display_name))
    response = app.test_client().get(line.split(": ", 1)[1].strip().removeprefix("http://portal.test"))
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Wij bevestigen dat wij persoonsgegevens over u verwerken" in text
    package = db.session.scalars(select(CaseFile).where(CaseFile.display_name == "orders.csv")).one()
    assert "orders.csv" in text and package.sha256 in text
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "letter_attached")).one()
    assert event.data["sha256"] == letter.sha256 and event.data["letter"] == "access"


def test_the_extension_letter_gives_the_new_date_and_the_reasons(forms, client, staff):
    setup_case(forms, staff)
    with at(2026, 3, 2):
        extend(forms, client)
        case = the_case()
        response = client.get(letter_url(case, "extension"))
    text = pdf_text(response.data)
    assert "4 May 2026" in text and "Data spread across several systems or units" in text
    assert "Three systems to search" in text and "Art. 12(3) GDPR" in text


def test_the_access_letter_gives_the_record_of_processing(make_app, tmp_path, staff):
    record = tmp_path / "record.json"
    record.write_text(
        json.dumps(
            [
                {
                    "purpose": {"en": "Invoicing", "nl": "Facturatie"},
                    "legal_basis": "Art. 6(1)(b) AVG",
                    "categories": [{"en": "address", "nl": "adres"}, "IBAN"],
                    "recipients": ["Boekhouding Peeters BV"],
                    "retention": {"en": "7 years", "nl": "7 jaar (boekhoudwet)"},
                    "transfers": "",
                }
            ]
        ),
        encoding="utf-8",
    )
    app = make_app(PROCESSING_RECORD=str(record))
    with app.app_context():
        from tests.support.forms import FormClient

        client = app.test_client()
        forms = FormClient(client)
        case = confirmed_case(forms, rights=["access"], lang="nl")
        staff("handler")
        sign_in(forms)
        decide(client, case, "access", outcome="granted")
        text = pdf_text(client.get(letter_url(case, "access")).data)
        db.session.remove()
    assert "Facturatie" in text and "adres, IBAN" in text and "Boekhouding Peeters BV" in text
    assert "7 jaar (boekhoudwet)" in text and "Doorgifte buiten de Europese Economische Ruimte" in text


@pytest.mark.parametrize(
    "content",
    [
        '{"purpose": "x"}',
        '[{"legal_basis": "no purpose"}]',
        '[{"purpose": "x", "colour": "red"}]',
        "not json",
    ],
)
def test_a_broken_record_of_processing_stops_the_start(tmp_path, content):
    path = tmp_path / "record.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match="DSAR_PROCESSING_RECORD"):
        create_app({**base_config("sqlite://", tmp_path), "PROCESSING_RECORD": str(path)})


def test_an_unknown_case_has_no_letter(forms, client, staff):
    case = partly_refused_case(forms, client, staff)
    assert (
        client.get(letter_url(case, "partial_refusal").replace(case.reference, "ZZZZ-ZZZZ")).status_code
        == 404
    )


def test_the_extension_notice_carries_the_extension_letter(forms, client, staff, app):
    setup_case(forms, staff)
    with at(2026, 3, 2):
        extend(forms, client)
    notice = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "extension_notice")
    ).one()
    line = next(line for line in notice.body_text.splitlines() if line.startswith("letter-"))
    with at(2026, 3, 3):
        response = app.test_client().get(line.split(": ", 1)[1].strip().removeprefix("http://portal.test"))
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "4 May 2026" in text and "Three systems to search" in text
    assert "letter_attached" in [e.kind for e in the_case().events]


def test_identity_not_confirmed_is_answered_with_the_article_12_4_letter(forms, client, staff):
    case = confirmed_case(forms, rights=["access", "erasure"], lang="nl")
    staff("handler")
    sign_in(forms)
    reasons = "De gegevens op het formulier komen niet overeen met onze klantgegevens."
    for right in ("access", "erasure"):
        decide(client, case, right, outcome="identity_not_confirmed", reasons=reasons)
    post_action(client, the_case(), "answer")

    from dsar.cases.files import read

    letter = db.session.scalars(select(CaseFile).where(CaseFile.display_name.like("letter-%"))).one()
    assert letter.display_name.endswith("-identity-not-confirmed.pdf")
    text = pdf_text(read(letter))
    assert "Wij konden niet bevestigen dat u de persoon bent" in text and reasons in text
    assert "(art. 12, lid 4, AVG)" in text and "Gegevensbeschermingsautoriteit" in text
    assert "voorziening in rechte" in text


def test_the_access_letter_describes_the_activities_behind_the_data_collected(forms, client, staff):
    from dsar.exports.models import Collection, ProcessingActivity

    db.session.add_all(
        [
            ProcessingActivity(
                purpose="Facturatie",
                data_categories="adres, IBAN",
                legal_basis="contract",
                recipients="Boekhouding Peeters BV",
                retention="7 jaar (boekhoudwet)",
                datasets=["invoices"],
            ),
            ProcessingActivity(
                purpose="Nieuwsbrief",
                data_categories="e-mailadres",
                legal_basis="consent",
                retention="tot u zich uitschrijft",
                datasets=["newsletter"],
            ),
        ]
    )
    db.session.commit()
    case = confirmed_case(forms, rights=["access"], lang="nl")
    staff("handler")
    sign_in(forms)
    decide(client, case, "access", outcome="granted")
    before = pdf_text(client.get(letter_url(case, "access")).data)
    assert "Facturatie" in before and "Nieuwsbrief" in before  # nothing collected yet: every activity

    db.session.add(
        Collection(
            case_id=case.id, scope="access", status="done", manifest={"datasets": [{"name": "invoices"}]}
        )
    )
    db.session.commit()
    text = pdf_text(client.get(letter_url(case, "access")).data)
    assert "Facturatie" in text and "Nieuwsbrief" not in text
    assert "adres, IBAN" in text and "Boekhouding Peeters BV" in text and "7 jaar (boekhoudwet)" in text
    assert "overeenkomst" in text  # the legal basis, in Dutch


def describe_processing() -> None:
    db.session.add(
        ProcessingActivity(
            purpose="Invoicing", data_categories="name, address", legal_basis="contract", retention="7 years"
        )
    )
    db.session.commit()
