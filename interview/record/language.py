"""Which language a record was captured in (its labels and dates are written in it)."""

from __future__ import annotations

from typing import Any

# Each part keeps the language it was captured in; the interview's says most about the words.
LANGUAGE_ORDER = ("interview", "questionnaire", "consent")


def record_language(record: dict[str, Any]) -> str:
    """The language the record was captured in: its interview's, else its questionnaire's, else
    its consent's; English when none says."""
    for role in LANGUAGE_ORDER:
        language = ((record.get(role) or {}).get("instrument") or {}).get("language")
        if language:
            return language
    return "en"
