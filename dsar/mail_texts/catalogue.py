"""The mails an admin may rewrite, and the sample values their previews and checks render with."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

# The mails a requester or a client controller receives: (title, what each one is for).
EDITABLE = {
    "acknowledgement": (
        _l("Acknowledgement of receipt"),
        _l("Receipt of a request, with the due date and the links"),
    ),
    "information_request": (
        _l("Request for information"),
        _l("Asking the requester for information (pauses the clock)"),
    ),
    "information_reminder": (
        _l("Reminder of the request for information"),
        _l("Reminder after 14 days without an answer"),
    ),
    "extension_notice": (
        _l("Extension notice"),
        _l("Extension of the deadline, with the reasons"),
    ),
    "forwarded_notice": (
        _l("Forwarding notice to the requester"),
        _l("The request was forwarded to the client controller"),
    ),
    "answer": (
        _l("Answer to the request"),
        _l("The answer, with the Art. 12(4) information when we do not act"),
    ),
    "fee_notice": (
        _l("Fee notice"),
        _l("A fee: the amount and the reasons, before anything is charged"),
    ),
    "controller_forward": (
        _l("Request forwarded to a client controller"),
        _l("A request forwarded to a client controller"),
    ),
    "controller_reminder": (
        _l("Reminder to a client controller"),
        _l("Reminder to a client controller who has not given an instruction yet"),
    ),
}


def sample_context() -> dict:
    """Realistic values for previews and for checking an override before it is saved."""
    sub = dict(
        right="access",
        outcome="partly_granted",
        legal_ground="art_15_4",
        reasons="Some documents also concern other people.",
        details={"access_scope": "2024"},
    )
    case = dict(
        reference="K7QM-3XHD",
        requester_name="An Peeters",
        requester_email="an.peeters@example.org",
        receipt_date=date(2026, 2, 2),
        one_month_due=date(2026, 3, 2),
        due_date=date(2026, 3, 2),
        received_at=datetime(2026, 2, 2, 9, 0),
        channel="web",
        sub_requests=[sub],
    )
    link = current_app.config["BASE_URL"] + "/status/sample"
    return {
        "case": case,
        "organisation": current_app.config["ORGANISATION_NAME"],
        "controller": {"name": "Bakkerij Janssens BV"},
        "confirm_link": link,
        "status_link": link,
        "reply_link": link,
        "link": link,
        "confirm_days": 7,
        "message": "Please give your customer number.",
        "counted": True,
        "due_on": date(2026, 3, 2),
        "right": "access",
        "amount": "25.00",
        "reasons": "A third copy of the same data within two months.",
        "contact_email": "privacy@example.org",
        "reason": "multiple_systems",
        "note": "Your data is spread across three systems.",
        "new_due": date(2026, 5, 4),
        "not_acting": True,
        "authority_name": "Gegevensbeschermingsautoriteit",
        "authority_url": "https://www.gegevensbeschermingsautoriteit.be",
        "kind": "reminder_7",
    }
