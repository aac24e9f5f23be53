"""Who may code: admins and analysts (a local stand-in until roles become permissions).

The integrator replaces both names with `permission_required("research.code")` and
`user.can("research.code")`; nothing else in the coding area checks roles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

ROLE_ANALYST = "analyst"


def can_code(user: Any) -> bool:
    """Whether the user may open the coding pages (interviewers may not)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_admin or user.role == ROLE_ANALYST)


def coding_required(view: Callable) -> Callable:
    """Only users who may code reach the view; others get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not can_code(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
