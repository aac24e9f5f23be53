"""The participant-mode lock: while the tablet is handed over, everything else answers 403."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden

from interview.errors import wants_json
from interview.participant_mode.access import in_participant_mode, participant_mode

# The hand-over pages the participant needs: what comes next, and giving the tablet back.
HANDOVER_ENDPOINTS = frozenset({"handover.next_task", "handover.unlock"})


class ParticipantLocked(Forbidden):
    """A page the participant may not open while the tablet is handed over."""


def enforce_participant_mode() -> None:
    """Refuse every route but the locked participant's own pages, whatever URL is typed.

    The lock is the login's (participant_mode() reads it from the server): when the login has
    ended, the browser is simply logged out, and only the password opens a new one.
    """
    if request.endpoint == "static":
        return
    mode = participant_mode()
    if mode is None or _allowed(mode["code"]):
        return
    raise ParticipantLocked()


def _allowed(code: str) -> bool:
    """Whether the request is for a participant-facing view of the locked participant."""
    if str((request.view_args or {}).get("code", "")).upper() != code.upper():
        return False
    if request.endpoint in HANDOVER_ENDPOINTS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "participant_facing", False))


def locked_page(error: ParticipantLocked):
    """A calm page for the participant, with the way back to the interviewer."""
    message = _("This page is not available while the tablet is handed to the participant.")
    if wants_json():
        return {"error": "participant_mode", "message": message}, 403
    mode = participant_mode() or {}
    return render_template("handover/locked.html", code=mode.get("code"), message=message), 403


def locked_participant_code() -> str | None:
    """The code the tablet is locked to, for the "Return to interviewer" link (None when unlocked)."""
    state = participant_mode()
    return state["code"] if state else None


def init_participant_lock(app: Flask) -> None:
    """Install the lock on every request, its error page, and the template globals it offers."""
    app.before_request(enforce_participant_mode)
    app.register_error_handler(ParticipantLocked, locked_page)
    app.add_template_global(in_participant_mode, "in_participant_mode")
    app.add_template_global(locked_participant_code, "locked_participant_code")
