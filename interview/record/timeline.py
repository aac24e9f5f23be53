"""The recording's timeline: segments laid end to end, with the gaps and pauses between them.

Plain data in, plain data out (no database), so it is tested directly. The recording's clock runs
only while audio was taken: a pause or a lost stretch (a reload, a crash) has no length on it, and a
moment that fell in one maps to the place where the audio stops and starts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from interview.models import ENDED_PAUSE, ENDED_STOP

GAP_LOST = "gap"
GAP_PAUSE = "pause"


@dataclass(frozen=True)
class SegmentSpan:
    """One segment as the timeline needs it: when it started (server clock) and how long it is."""

    number: int
    started_at: datetime
    duration_ms: int
    ended_by: str | None = None

    @property
    def ended_at(self) -> datetime:
        """When its audio ended, on the server's clock."""
        return self.started_at + timedelta(milliseconds=self.duration_ms)


@dataclass(frozen=True)
class PlacedSegment:
    """A segment with its place on the recording's clock."""

    span: SegmentSpan
    position_ms: int


@dataclass(frozen=True)
class Gap:
    """Time between two segments that has no audio: a pause, or audio lost to a reload or crash."""

    kind: str
    after_segment: int
    position_ms: int
    length_ms: int


@dataclass(frozen=True)
class Position:
    """Where a moment lands on the recording; ``in_gap`` when no audio was taken right then."""

    ms: int
    segment: int
    in_gap: bool = False


class Timeline:
    """Segments in order, their positions, and the gaps between them."""

    def __init__(self, spans: list[SegmentSpan]) -> None:
        self.segments: list[PlacedSegment] = []
        self.gaps: list[Gap] = []
        position = 0
        ordered = sorted(spans, key=lambda span: span.number)
        for index, span in enumerate(ordered):
            self.segments.append(PlacedSegment(span, position))
            position += span.duration_ms
            if index + 1 < len(ordered):
                following = ordered[index + 1]
                length = (following.started_at - span.ended_at) / timedelta(milliseconds=1)
                self.gaps.append(Gap(gap_kind(span), span.number, position, max(0, round(length))))
        self.duration_ms = position

    def position_of(self, moment: datetime | None) -> Position | None:
        """The moment's place on the recording; None before it started, after it ended, or unknown."""
        if moment is None or not self.segments:
            return None
        for placed in self.segments:
            span = placed.span
            if moment < span.started_at:
                if placed is self.segments[0]:
                    return None
                # Between the previous segment's end and this one's start: in the gap.
                return Position(placed.position_ms, span.number, in_gap=True)
            if moment <= span.ended_at:
                offset = (moment - span.started_at) / timedelta(milliseconds=1)
                return Position(placed.position_ms + round(offset), span.number)
        return None

    def lost_ms(self) -> int:
        """Audio lost to reloads and crashes (pauses are not lost: nobody was recording)."""
        return sum(gap.length_ms for gap in self.gaps if gap.kind == GAP_LOST)


def gap_kind(span: SegmentSpan) -> str:
    """A segment the interviewer paused or stopped is followed by a pause; any other by a loss."""
    return GAP_PAUSE if span.ended_by in (ENDED_PAUSE, ENDED_STOP) else GAP_LOST


def clock(ms: int | None) -> str:
    """Milliseconds as h:mm:ss.t, how the listening page and the PDF show a position ('' if None)."""
    if ms is None:
        return ""
    tenths = (int(ms) + 50) // 100
    seconds, tenth = divmod(tenths, 10)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}.{tenth}"


def vtt_time(ms: int) -> str:
    """Milliseconds as a WebVTT timestamp, HH:MM:SS.mmm."""
    seconds, millis = divmod(max(0, ms), 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.{millis:03d}"
