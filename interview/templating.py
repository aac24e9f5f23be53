"""Template globals shared by every page."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_babel import gettext as _


def state_label(state: str) -> str:
    """Progress states in plain words."""
    labels = {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "complete": _("Complete"),
        "declined": _("Declined"),
        "withdrawn": _("Withdrawn"),
    }
    return labels.get(state, state)


def current_locale() -> str:
    """The page language, for <html lang>."""
    return str(get_locale() or current_app.config["LANGUAGE"])


def init_templating(app: Flask) -> None:
    """Register the globals."""
    app.jinja_env.globals.update(state_label=state_label, current_locale=current_locale)
