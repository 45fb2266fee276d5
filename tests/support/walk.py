"""A portal with something on every page, and the list of pages a person walks through: the public
pages a requester and a client controller open, and the staff pages behind the sign-in. Used by the
page walk (tests/e2e/test_page_walk.py) and by scripts/screenshots.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from dsar.accounts.models import StaffUser
from dsar.accounts.service import create_staff
from dsar.cases.models import Case
from dsar.casework.models import DataSystem
from dsar.controllers.models import ClientController
from dsar.controllers.service import assign_controller, controller_url, forward_case
from dsar.core.db import db, utcnow
from dsar.core.mail import OutboxMessage
from dsar.identity.service import request_id_copy, upload_url
from dsar.intake.service import status_url
from dsar.mailbox.models import IncomingMail
from tests.support.forms import FormClient
from tests.support.signin import code_for, enrol_authenticator

ADMIN_EMAIL = "beheer@voorbeeld.be"
PASSWORD = "correct horse battery"


@dataclass
class Walk:
    public: dict[str, str] = field(default_factory=dict)  # name -> path or absolute link
    staff: dict[str, str] = field(default_factory=dict)


def seed(app) -> Walk:
    """An admin (two-factor sign-in), two data systems, a client controller, a controller case in
    progress with an ID copy asked for, a processor case forwarded to the client, a repeat of the
    first request (a possible duplicate) and a request that came in by e-mail. Names and
    texts are Dutch and French, as a Belgian organisation's data are: an English word on a page
    then comes from the portal, not from the data."""
    with app.app_context():
        admin = create_staff(ADMIN_EMAIL, "Bea Beheerder", "admin", PASSWORD)
        db.session.commit()
        enrol_authenticator(admin)
        db.session.add_all(
            [
                DataSystem(name="Klantenbestand", owner="Verkoop"),
                DataSystem(name="Nieuwsbrief", owner="Marketing"),
            ]
        )
        client = ClientController(
            name="Bakkerij Janssens en Zonen Distributiecentrum Vlaams-Brabant BV",
            contact_emails=["privacy@janssens.example"],
            language="nl",
            listed_on_form=True,
        )
        db.session.add(client)
        db.session.commit()
        forms = FormClient(app.test_client())
        forms.submit_request(
            rights=["access", "erasure"],
            access_scope="Alle facturen sinds 2024 en https://winkel.example/bestellingen/2024/00000000000000000001",
            erasure_scope="Mijn profiel voor de nieuwsbrief",
            name="Anke Peeters",
            email="anke.peeters@voorbeeld.be",
            lang="nl",
        )
        forms.submit_request(
            rights=["rectification"],
            rectification_current="Rue de la Loi 1, Bruxelles",
            rectification_correct="Rue Royale 12, Bruxelles",
            name="Jean Dupont",
            email="jean.dupont@exemple.be",
            lang="fr",
        )
        forms.submit_request(  # the same person again: flagged as a possible duplicate
            rights=["access"], name="Anke Peeters", email="anke.peeters@voorbeeld.be", lang="nl"
        )
        db.session.add(incoming_mail())
        own, processed, _repeat = db.session.scalars(select(Case).order_by(Case.id)).all()
        with app.test_request_context():
            own.state = "in_progress"
            id_request = request_id_copy(own, "staff", admin.id, reason="Twee aanvragen met hetzelfde adres")
            assign_controller(processed, client, admin.id)
            forward = forward_case(processed, admin.id)
            db.session.commit()
            public = {
                "form": "/",
                "status": status_url(own),
                "id_upload": upload_url(id_request),
                "controller": controller_url(forward),
                "login": "/staff/login",
            }
        staff = {
            "cases": "/staff/cases",
            "case": f"/staff/cases/{own.reference}",
            "processor_case": f"/staff/cases/{processed.reference}",
            "register": "/staff/cases/new",
            "mailbox": "/staff/mailbox/",
            "outbox": "/staff/outbox/",
            "outbox_message": f"/staff/outbox/{db.session.scalars(select(OutboxMessage.id)).first()}",
            "mail": f"/staff/mailbox/{db.session.scalars(select(IncomingMail.id)).one()}",
            "controllers": "/staff/controllers",
            "controller": f"/staff/controllers/{client.id}",
            "mail_texts": "/staff/mail-templates/",
            "time_report": "/staff/time-report",
            "systems": "/staff/systems",
            "sources": "/staff/sources",
            "processing": "/staff/processing",
            "ladder": "/staff/identity/ladder",
            "accounts": "/staff/accounts",
            "api_clients": "/staff/api/clients",
            "two_factor": "/staff/account/two-factor",
            "reports": "/staff/reports/",
            "audit": "/staff/audit/",
            "retention": "/staff/retention",
            "suppression": "/staff/suppression",
        }
        db.session.remove()
    return Walk(public=public, staff=staff)


def incoming_mail() -> IncomingMail:
    """A request that came in by e-mail, as the mailbox reader stores it (its raw copy not kept)."""
    return IncomingMail(
        uidvalidity=1,
        uid=1,
        received_at=utcnow(),
        size=900,
        raw_sha256="0" * 64,
        scan_status="not_kept",
        from_address="marie.lambert@exemple.be",
        from_name="Marie Lambert",
        reply_to="",
        subject="Demande d'accès à mes données",
        message_id="<1@exemple.be>",
        body_text="Bonjour, je souhaite recevoir une copie de mes données personnelles. Marie Lambert",
        language="fr",
        suggested_rights={"access": ["accès"]},
        identifiers={"emails": ["marie.lambert@exemple.be"], "customer_numbers": []},
        problems=[],
    )


def sign_in(page, base_url: str, app, language: str) -> None:
    """The admin signs in on the pages in ``language``: password, then the authenticator's code."""
    page.goto(f"{base_url}/staff/login?lang={language}")
    page.locator('input[name="email"]').fill(ADMIN_EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    with app.app_context():
        code = code_for(db.session.scalar(select(StaffUser).where(StaffUser.email == ADMIN_EMAIL)))
        db.session.remove()
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff/cases**")
