"""Small formatters for times in the PDFs."""

from datetime import datetime

from interview.formatting import format_moment


def when(value: str | datetime | None, language: str = "en") -> str | None:
    """Format an ISO 8601 UTC time (or datetime) for people: 2026-11-25 14:03 UTC (in English;
    25. 11. 2026, 14:03 UTC in Slovenian)."""
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return str(value)  # show what was stored rather than hide it
    return format_moment(moment, language, zone=True)
