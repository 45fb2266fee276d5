"""Role checks for views: enforced on the server for every route, whatever the page shows."""

from __future__ import annotations

import functools

from flask import abort
from flask_login import current_user, login_required


def roles_required(*roles: str):
    def decorate(view):
        @functools.wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate
