"""Words translated where they are shown, by code that runs without Flask (exports, workers).

Such code marks its messages with ``N_`` (so `make messages` finds them) and translates them with
the catalogue its caller passes in (interview.languages.translations_for), English by default.
Code that runs both inside the app and without it (the instrument loader, checking a draft file
when the installation itself is broken) uses `gettext` / `ngettext` here: Flask-Babel's where an
app with Babel runs, else English.
"""

from typing import Any

import flask_babel
from babel.support import NullTranslations
from flask import current_app, has_app_context

# English, the language the code is written in: every message as it stands.
ENGLISH = NullTranslations()


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; whoever shows it translates it with their catalogue."""
    return message


def _babel_runs() -> bool:
    return has_app_context() and "babel" in current_app.extensions


def gettext(message: str, **values: Any) -> str:
    """``message`` in the installation's language; English where no app with Babel runs."""
    if _babel_runs():
        return flask_babel.gettext(message, **values)
    return message % values if values else message


def ngettext(singular: str, plural: str, num: int, **values: Any) -> str:
    """The form of ``singular``/``plural`` for ``num`` (as ``%(num)d``), as `gettext` does."""
    if _babel_runs():
        return flask_babel.ngettext(singular, plural, num, **values)
    return (singular if num == 1 else plural) % {"num": num, **values}
