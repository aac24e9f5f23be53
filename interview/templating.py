"""Template globals shared by every page."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import gettext as _

from interview.formatting import format_day, format_moment
from interview.languages import page_language
from interview.script_words import script_words_json


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
    return page_language()


def day_filter(value: date | None) -> str:
    """`{{ d|day }}`: a calendar day in the page's language."""
    return format_day(value, page_language())


def moment_filter(value: datetime | None, seconds: bool = False, zone: bool = False) -> str:
    """`{{ t|moment(zone=True) }}`: a day and time (UTC) in the page's language."""
    return format_moment(value, page_language(), seconds=seconds, zone=zone)


def init_templating(app: Flask) -> None:
    """Register the globals and the date filters."""
    app.jinja_env.globals.update(
        state_label=state_label, current_locale=current_locale, script_words_json=script_words_json
    )
    app.jinja_env.filters.update(day=day_filter, moment=moment_filter)
