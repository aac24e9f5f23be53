"""Small formatters for times in the PDFs."""

from datetime import UTC, datetime


def when(value: str | datetime | None) -> str | None:
    """Format an ISO 8601 UTC time (or datetime) for people: 2026-11-25 14:03 UTC."""
    if value is None:
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    except ValueError:
        return str(value)  # show what was stored rather than hide it
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
