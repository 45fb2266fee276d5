"""The pages behind a signed link: one way to open a link and one page when it cannot be honoured.

Every public page whose credential is a signed link (confirmation, status, reply, ID upload, the
client controller's page, the answer download, Art. 20(2) transmission) opens it with ``resolve``.
A link that is expired, tampered with, signed for another purpose or pointing at nothing raises
``LinkProblem``; the handler registered here shows the same localized page with the same status
everywhere, so no page can tell a guesser more than another (security.md P-06)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import render_template

from dsar.core.links import LinkError, link_days, read_token

T = TypeVar("T")

# expired: 410 Gone (the person may ask for a new link); unverified: the download waits for the
# identity check; anything else is a link we do not know (404, never a hint why).
STATUS = {"expired": 410, "unverified": 403, "invalid": 404}


class LinkProblem(Exception):
    """A signed link that cannot be honoured; ``problem`` picks the explanation on the page."""

    def __init__(self, problem: str):
        if problem not in STATUS:
            raise ValueError(problem)
        super().__init__(problem)
        self.problem = problem


def resolve(purpose: str, token: str, find: Callable[[str], T | None]) -> T:
    """The object a link of ``purpose`` points at: ``find`` gets the signed payload (a public id)."""
    try:
        payload = read_token(purpose, token, link_days(purpose) * 86400)
    except LinkError as exc:
        raise LinkProblem("expired" if exc.expired else "invalid") from exc
    found = find(payload)
    if found is None:
        raise LinkProblem("invalid")
    return found


def problem_page(problem: str):
    return render_template("core/link_problem.html", problem=problem), STATUS[problem]


def _handle(exc: LinkProblem):
    return problem_page(exc.problem)


def init_app(app) -> None:
    app.register_error_handler(LinkProblem, _handle)
