"""Bugs 1 and 2 of issue 12: an unverified request reaches its Art. 12(4) answer, and no case is
closed in silence (rules 5.5, 3.4, C4)."""

from __future__ import annotations

from dsar.cases.service import record_event
from dsar.core.db import db
from dsar.identity import ladder
from dsar.intake.service import confirm_email
from tests.guards.conftest import at, mails, the_case


def failed_identity_check(forms, lang: str):
    """An access request whose ID check failed: the case stays in verification (rules 5.5)."""
    ladder.set_step("access", 2, True, actor_id=None)  # the admin's policy: an ID copy for access
    db.session.commit()
    forms.submit_request(lang=lang, rights=["access"])
    case = the_case()
    confirm_email(case)
    # What dsar.identity records when staff mark the redacted copy as not matching.
    record_event(case, "id_check_failed")
    record_event(case, "identity_not_confirmed", next_step="art_12_4_letter")
    db.session.commit()


def test_a_failed_identity_check_is_answered_with_the_art_12_4_information(forms, case_page):
    failed_identity_check(forms, lang="nl")
    page = case_page("nl")

    refused = page.decide("access", outcome="granted")
    assert "De identiteit is niet bevestigd" in refused  # rules 5.5, in the reader's language
    assert the_case().sub_requests[0].outcome is None

    page.decide(
        "access", outcome="identity_not_confirmed", reasons="Uw identiteit kon niet worden bevestigd."
    )
    assert the_case().sub_requests[0].outcome == "identity_not_confirmed"
    page.post("answer")

    case = the_case()
    assert case.state == "answered"
    [answer] = mails("answer")
    assert "Uw identiteit kon niet worden bevestigd." in answer.body_text
    assert "Gegevensbeschermingsautoriteit" in answer.body_text and "rechter" in answer.body_text


def test_an_unverified_case_is_never_closed_without_a_letter(forms, case_page):
    failed_identity_check(forms, lang="nl")
    page = case_page("nl")
    assert f"/staff/cases/{page.reference}/close" not in page.read()
    why = "'Het dossier afsluiten' kan niet zolang de zaak de status 'Wacht op verificatie' heeft"
    assert why in page.text()  # the case page explains it in the reader's language
    refused = page.post("close")
    assert f"Niet uitgevoerd: {why}" in refused
    assert the_case().state == "awaiting_verification" and the_case().closed_at is None
    assert mails("answer") == [] and mails("closed_no_answer") == []


def ask_for_identity(page):
    return page.post(
        "request-information", reason="identity", message="Merci de nous donner votre numéro de client."
    )


def test_a_paused_case_closes_only_after_30_days_and_with_the_closing_letter(forms, case_page):
    with at(2026, 2, 2, 9):
        forms.submit_request(lang="fr", rights=["access"])
        confirm_email(the_case())
        db.session.commit()
        page = case_page("fr")
        ask_for_identity(page)
    assert the_case().state == "awaiting_information"

    with at(2026, 2, 20):  # 18 days into the pause
        page.sign_in()
        refused = page.post("close")
    assert "n'est clôturé qu'après 30 jours sans réponse" in refused
    assert the_case().state == "awaiting_information" and mails("closed_no_answer") == []

    with at(2026, 3, 4):  # 30 days after the question of 2 February
        page.sign_in()
        page.post("close")
    case = the_case()
    assert case.state == "closed" and case.closed_at is not None
    [letter] = mails("closed_no_answer")
    assert letter.to_address == case.requester_email
    assert "30 jours" in letter.body_text and "nouvelle demande" in letter.body_text
    assert "Autorité de protection des données" in letter.body_text  # Art. 12(4), 77
    assert "n'avons communiqué, modifié ni effacé aucune donnée" in letter.body_text  # identity question
