"""The mails of a case, for the case page: what arrived by e-mail and the files that came with it."""

from __future__ import annotations

from dsar.mailbox.service import mails_of_case


def mail_panel(case) -> list:
    return mails_of_case(case.id) if case.id else []
