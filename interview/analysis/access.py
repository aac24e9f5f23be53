"""Who may see the results: admins and analysts, never interviewers.

A local stand-in until roles become permissions (`interview/auth/permissions.py`): the integrator
replaces `results_required` with `permission_required("research.view")` and `may_see_results`
with `user.can("research.view")`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

ANALYST = "analyst"


def may_see_results(user: Any) -> bool:
    """Whether this user may see the results (an admin or an analyst)."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_admin or getattr(user, "role", None) == ANALYST)
    )


def results_required(view: Callable) -> Callable:
    """Only admins and analysts may use the view; others get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not may_see_results(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped
