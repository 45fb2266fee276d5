"""The access policy: which staff role may do what, in one table (security.md Z-01/Z-02).

Routes ask for a capability with ``@requires("cases.work")``; templates read the ``can_*`` flags the
context processor hands them (``can_cases_work``...) and never compare roles. The checks run on the
server for every route, whatever the page shows. tests/accounts/test_route_access.py states the same
policy route by route, independently of this table, so a change here that widens access fails there.

Who may see ID copies is not here: it is a setting (``DSAR_ID_COPY_ROLES``, identity.service)."""

from __future__ import annotations

import functools

from flask import abort
from flask_login import current_user, login_required

ROLES = ("admin", "dpo", "handler", "auditor")

_EVERYONE = frozenset(ROLES)
_WORKERS = frozenset({"admin", "dpo", "handler"})  # work cases; the auditor only reads
_OVERSIGHT = frozenset({"admin", "dpo", "auditor"})  # reads registers, reports and the audit trail
_ADMIN_DPO = frozenset({"admin", "dpo"})
_ADMIN = frozenset({"admin"})
_DPO = frozenset({"dpo"})

CAPABILITIES: dict[str, frozenset[str]] = {
    # every staff role: queues, case pages, outbox, suppression check, collection progress
    "staff.read": _EVERYONE,
    # case work: decisions, notes, letters, collection, mail handling, assignment
    "cases.work": _WORKERS,
    # a file's content (answer packages, attachments, mail originals); auditors see only that it exists (Z-03)
    "files.read": _WORKERS,
    "cases.register_request": _WORKERS,
    "cases.export_register": _OVERSIGHT,
    "reports.read": _OVERSIGHT,
    "audit.read": _OVERSIGHT,
    "controllers.view": _ADMIN_DPO,
    "controllers.edit": _ADMIN,
    "sources.view": _ADMIN_DPO,
    "sources.edit": _ADMIN,
    "processing.manage": _ADMIN_DPO,
    "exports.approve": _ADMIN_DPO,  # answer package approval, rectification/erasure run
    "suppression.export": _ADMIN_DPO,
    "retention.purge": _ADMIN_DPO,
    "retention.hold": _DPO,  # rules 6.2: a legal hold is the DPO's call
    "casework.approve_art125": _DPO,  # rules C3: the DPO approves an Art. 12(5) refusal or fee
    "systems.edit": _ADMIN,
    "mail_texts.edit": _ADMIN,
    "identity.settings": _ADMIN,
    "staff.admin": _ADMIN,
    "api.admin": _ADMIN,
    "webhooks.read": _ADMIN_DPO,
}


def roles_with(capability: str) -> frozenset[str]:
    """The roles holding a capability (e.g. who may be assigned a case); KeyError on a typo."""
    return CAPABILITIES[capability]


def role_can(role: str | None, capability: str) -> bool:
    return role in CAPABILITIES[capability]


def can(user, capability: str) -> bool:
    return bool(user and user.is_authenticated) and role_can(user.role, capability)


def requires(capability: str):
    """Route decorator: sign-in first, then 403 unless the user's role holds the capability."""
    roles_with(capability)  # fail at import time on an unknown capability

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not can(current_user, capability):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def flag_name(capability: str) -> str:
    return "can_" + capability.replace(".", "_")


def template_flags() -> dict[str, bool]:
    """Context processor: one ``can_*`` flag per capability for the signed-in user (all false otherwise)."""
    return {flag_name(name): can(current_user, name) for name in CAPABILITIES}


def init_app(app) -> None:
    app.context_processor(template_flags)
