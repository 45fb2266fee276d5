"""A staff action as one transaction: it is committed, or rolled back with the reason shown.

The rules' refusals (a ``WorkflowError`` from workflows/) are worded "Not done: <reason>" in the
reader's language; a feature names its own refusals with ``explain``. Anything else is a bug and
propagates (the error page, and the transaction is not committed)."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from markupsafe import Markup

from dsar.core.db import db
from dsar.core.phrases import not_done
from workflows.errors import WorkflowError

Explain = Callable[[Exception], "str | Markup | None"]


def attempt(operation: Callable[[], object], done: str | None = None, explain: Explain | None = None) -> bool:
    """Run ``operation`` and commit, flashing ``done``; on a refusal roll back and flash why not.
    ``explain`` turns a feature's own exception into the message, or None when it is not one."""
    try:
        operation()
    except WorkflowError as refusal:
        message = not_done(refusal)
    except Exception as error:
        message = explain(error) if explain else None
        if message is None:
            raise
    else:
        db.session.commit()
        if done:
            flash(done, "info")
        return True
    db.session.rollback()
    flash(message, "error")
    return False
