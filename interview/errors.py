"""Error pages: plain words for the user, never a traceback, and no lost text on a CSRF failure."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from interview.inputs import BadInput, printable

# Form fields never echoed back on the CSRF page.
SECRET_FIELDS = frozenset(
    {"csrf_token", "password", "confirm", "pin", "participant_signature", "interviewer_signature"}
)


def init_errors(app: Flask) -> None:
    """Install the handlers."""
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)


def wants_json() -> bool:
    """JSON clients (autosave) get JSON errors they can act on."""
    return request.is_json or request.accept_mimetypes.best == "application/json"


def http_error(error: HTTPException):
    """Any HTTP error as a friendly page (or JSON for the autosave endpoints)."""
    if wants_json():
        return {
            "error": getattr(error, "error", error.name),
            "message": error.description,
        }, error.code
    kept = kept_text() if isinstance(error, BadInput) else []
    return render_template(
        "errors/error.html", error=error, message=friendly_message(error), kept=kept
    ), error.code


def friendly_message(error: HTTPException) -> str:
    """A sentence a tablet user understands (a refused value says what was wrong with it)."""
    if isinstance(error, BadInput):
        return str(error.description)
    messages = {
        400: _("The request could not be understood. Go back and try again."),
        403: _("You do not have access to this page."),
        404: _("There is no such page or participant."),
        405: _("This page cannot be used that way."),
        413: _("What you sent is too large."),
    }
    return messages.get(error.code, _("Something went wrong. Nothing was changed."))


def csrf_error(error: CSRFError):
    """The form's security token was missing or expired: refuse, but show the typed text so it can be copied."""
    if wants_json():
        return {
            "error": "csrf",
            "message": _("Your session expired. Reload the page; your text is kept."),
        }, 400
    return render_template("errors/csrf.html", kept=kept_text(), reason=error.description), 400


def kept_text() -> list[tuple[str, str]]:
    """The text fields of a refused form, to show for copying (never secrets or forbidden characters)."""
    return [
        (printable(name), printable(value))
        for name, value in request.form.items(multi=True)
        if name not in SECRET_FIELDS and value.strip()
    ]
