"""Dates and times for people, in a language: English keeps the ISO-like forms the study's files
use (2026-12-01 14:03); every other language writes Babel's short forms (sl: 1. 12. 2026, 14:03).

Times are shown in UTC, as they are stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import format_date, format_time

ISO_LANGUAGE = "en"


def format_day(value: date | None, language: str) -> str:
    """A calendar day: 2026-12-01, or 1. 12. 2026 in Slovenian."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = _in_utc(value).date()
    if language == ISO_LANGUAGE:
        return value.isoformat()
    return format_date(value, "short", locale=language)


def format_moment(
    value: datetime | None, language: str, *, seconds: bool = False, zone: bool = False
) -> str:
    """A day and a time (with seconds, with " UTC" when asked): 2026-12-01 14:03 UTC."""
    if value is None:
        return "—"
    moment = _in_utc(value)
    if language == ISO_LANGUAGE:
        text = moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    else:
        clock = format_time(moment, "HH:mm:ss" if seconds else "HH:mm", locale=language)
        text = f"{format_day(moment, language)}, {clock}"
    return f"{text} UTC" if zone else text


def _in_utc(moment: datetime) -> datetime:
    """A stored time in UTC (naive times are stored as UTC already)."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment
