"""The record's view of the interview's recording: its segments, gaps and checksums, and where each
question's times fall on it.

Only segments already assembled (their length known) count; the record reads, it never remuxes.
A record without a recording carries no trace of one, so older records keep their exact bytes.
"""

from __future__ import annotations

from typing import Any

from interview.models import Answer, Interview
from interview.record.timeline import SegmentSpan, Timeline, clock


def recording_timeline(interview: Interview) -> Timeline | None:
    """The timeline of the interview's assembled segments, or None without any."""
    spans = [
        SegmentSpan(segment.number, segment.started_at, segment.duration_ms, segment.ended_by)
        for segment in interview.recording_segments
        if segment.duration_ms is not None
    ]
    return Timeline(spans) if spans else None


def recording_part(interview: Interview, timeline: Timeline) -> dict[str, Any]:
    """Duration, size, segments (length, size, SHA-256, how each ended) and gaps of the recording."""
    placed = {item.span.number: item.position_ms for item in timeline.segments}
    segments = [s for s in interview.recording_segments if s.duration_ms is not None]
    return {
        "duration_ms": timeline.duration_ms,
        "duration": clock(timeline.duration_ms),
        "size": sum(segment.file_size or 0 for segment in segments),
        "lost_ms": timeline.lost_ms(),
        "segments": [
            {
                "number": segment.number,
                "mime_type": segment.mime_type,
                "position_ms": placed[segment.number],
                "duration_ms": segment.duration_ms,
                "size": segment.file_size,
                "sha256": segment.sha256,
                "ended_by": segment.ended_by,
            }
            for segment in segments
        ],
        "gaps": [
            {
                "kind": gap.kind,
                "after_segment": gap.after_segment,
                "position_ms": gap.position_ms,
                "length_ms": gap.length_ms,
            }
            for gap in timeline.gaps
        ],
    }


def answer_positions(timeline: Timeline, answer: Answer | None) -> dict[str, int | None]:
    """Where the answer was opened and last edited on the recording, in milliseconds."""
    opened = timeline.position_of(answer.first_opened_at) if answer else None
    edited = timeline.position_of(answer.last_edited_at) if answer else None
    return {
        "opened_recording_ms": opened.ms if opened else None,
        "edited_recording_ms": edited.ms if edited else None,
    }
