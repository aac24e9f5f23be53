"""Languages: which ones the tool speaks, which one a request is in, and the compiled catalogues.

A request's language, first match wins: the participant's, chosen at hand-over, while the tablet
is handed over (kept in the login's hand-over state, so it never follows the interviewer's); the
logged-in person's own choice (their profile); the browser's Accept-Language; the LANGUAGE
setting. Outside a request (the command line, PDF workers) the setting, or what the caller forces.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from interview.security import current_login

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DOMAIN = "messages"
# Each language under its own name, never translated: someone who cannot read the page must
# still find theirs in the list.
LANGUAGE_NAMES = {"en": "English", "sl": "Slovenščina"}


def supported_languages() -> tuple[str, ...]:
    """The languages this installation offers (the LANGUAGES setting, the default first)."""
    configured = tuple(current_app.config["LANGUAGES"])
    default = current_app.config["LANGUAGE"]
    return (default, *(code for code in configured if code != default))


def language_choices() -> list[tuple[str, str]]:
    """(code, name) pairs for a language menu."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in supported_languages()]


def offered(code: str | None) -> str | None:
    """The code if this installation offers it, else None."""
    return code if code in supported_languages() else None


def handover_language() -> str | None:
    """The participant's language while the tablet is handed over, else None."""
    login = current_login()
    handover = login.handover if login is not None else None
    return offered((handover or {}).get("language"))


def select_locale() -> str:
    """Flask-Babel's locale selector: hand-over, profile, Accept-Language, then the setting."""
    default = current_app.config["LANGUAGE"]
    if not has_request_context():
        return default
    chosen = handover_language()
    if chosen is None and current_user.is_authenticated:
        chosen = offered(getattr(current_user, "language", None))
    if chosen is None:
        chosen = request.accept_languages.best_match(supported_languages())
    return chosen or default


def page_language() -> str:
    """The language of this request (the setting outside one)."""
    locale = get_locale() if has_request_context() else None
    return str(locale) if locale is not None else current_app.config["LANGUAGE"]


def catalogue_paths(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Every language's messages.po under ``directory``."""
    return sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Write each messages.mo older than its .po (atomically: a server may be reading it);
    returns the files written. Fuzzy entries stay out, as msgfmt leaves them."""
    written = []
    for po_path in catalogue_paths(directory):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=po_path.parent.parent.name)
        fd, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, catalogue)
        os.replace(temporary, mo_path)
        written.append(mo_path)
    return written


def translations_for(language: str) -> NullTranslations:
    """The compiled catalogue of one language, for code outside Flask (the PDF templates, the
    exports' data dictionary); English, or a language without a catalogue, says what the code says."""
    return Translations.load(str(TRANSLATIONS_DIR), [language], DOMAIN)
