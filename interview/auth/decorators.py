"""The one decorator that guards views by permission (the table is in interview/permissions.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from interview.permissions import Permission


def permission_required(permission: Permission | str) -> Callable[[Callable], Callable]:
    """Only users whose role allows ``permission`` may use the view; others get 403.

    The login gate (security.py) has sent anonymous visitors to the login page before any view
    runs; one that got here anyway can do nothing, so is refused as well.
    """
    permission = Permission(permission)  # a misspelt name fails at import, not on a request

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
