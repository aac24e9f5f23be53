"""Words translated where they are shown, by code that runs without Flask (exports, workers).

Such code marks its messages with ``N_`` (so `make messages` finds them) and translates them with
the catalogue its caller passes in (interview.languages.translations_for), English by default.
"""

from babel.support import NullTranslations

# English, the language the code is written in: every message as it stands.
ENGLISH = NullTranslations()


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; whoever shows it translates it with their catalogue."""
    return message
