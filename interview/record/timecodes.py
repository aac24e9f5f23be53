"""Positions in the interview recording: seconds from the interview's start, shown as h:mm:ss."""

from __future__ import annotations

from datetime import datetime


def offset_seconds(start: datetime, moment: datetime | None) -> int | None:
    """Whole seconds from ``start`` to ``moment`` (never negative), or None when it never happened."""
    if moment is None:
        return None
    return max(0, int((moment - start).total_seconds()))


def hms(seconds: int | None) -> str:
    """Whole seconds as h:mm:ss, the way recorders show a position ('' when unknown)."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
