"""Question markers on the recording's clock, and the recording's summary for pages and exports.

Every question's opened and last-edited times, the interviewer's follow-up questions and the
changes are server times; the timeline maps each to its place in the recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.instruments.snapshots import instrument_for
from interview.models import Answer, Interview, RecordingSegment
from interview.recording.assembly import assembled_segments
from interview.recording.timeline import SegmentSpan, Timeline, clock, vtt_time

KIND_OPENED = "opened"
KIND_EDITED = "edited"
KIND_FOLLOW_UP = "follow_up"
KIND_CHANGE = "change"


@dataclass(frozen=True)
class Marker:
    """One event of the interview at its place in the recording."""

    kind: str
    label: str
    question_id: str | None
    position_ms: int
    segment: int
    in_gap: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON and templates."""
        return {
            "kind": self.kind,
            "label": self.label,
            "question_id": self.question_id,
            "position_ms": self.position_ms,
            "position": clock(self.position_ms),
            "segment": self.segment,
            "in_gap": self.in_gap,
        }


def timeline_of(segments: list[RecordingSegment]) -> Timeline:
    """The timeline of the segments that have a known length."""
    return Timeline(
        [
            SegmentSpan(segment.number, segment.started_at, segment.duration_ms, segment.ended_by)
            for segment in segments
            if segment.duration_ms is not None
        ]
    )


def question_labels(interview: Interview) -> dict[str, str]:
    """Each protocol question's id → "section.number text", in the wording the interview used."""
    protocol = instrument_for(interview.instrument_sha256, interview.language)
    return {
        question.id: f"{section.number}. {question.text}"
        for section in protocol.sections
        for question in section.questions
    }


def answer_events(answer: Answer, labels: dict[str, str]):
    """The (kind, label, moment) events of one answer."""
    if answer.kind == "adhoc":
        label = _("Follow-up: %(text)s", text=answer.adhoc_text or "")
        return [(KIND_FOLLOW_UP, label, answer.first_opened_at)]
    label = labels.get(answer.question_id, answer.question_id)
    return [
        (KIND_OPENED, label, answer.first_opened_at),
        (KIND_EDITED, label, answer.last_edited_at),
    ]


def interview_markers(interview: Interview, timeline: Timeline) -> list[Marker]:
    """Every event of the interview that lands on the recording, in recording order."""
    labels = question_labels(interview)
    events = [
        (kind, label, moment, answer.question_id)
        for answer in interview.answers
        for kind, label, moment in answer_events(answer, labels)
    ]
    events += [
        (
            KIND_CHANGE,
            _("Change %(n)s: %(text)s", n=number, text=change.description),
            change.created_at,
            None,
        )
        for number, change in enumerate(interview.changes, start=1)
    ]
    markers = []
    for kind, label, moment, question_id in events:
        position = timeline.position_of(moment)
        if position is not None:
            markers.append(
                Marker(kind, label, question_id, position.ms, position.segment, position.in_gap)
            )
    return sorted(markers, key=lambda marker: (marker.position_ms, marker.kind))


def recording_summary(interview: Interview) -> dict[str, Any] | None:
    """Duration, segments, gaps and checksums of the interview's recording (None if there is none)."""
    segments = assembled_segments(interview)
    if not segments:
        return None
    timeline = timeline_of(segments)
    placed = {item.span.number: item.position_ms for item in timeline.segments}
    return {
        "duration_ms": timeline.duration_ms,
        "duration": clock(timeline.duration_ms),
        "size": sum(segment.file_size or 0 for segment in segments),
        "lost_ms": timeline.lost_ms(),
        "segments": [
            {
                "number": segment.number,
                "mime_type": segment.mime_type,
                "position_ms": placed.get(segment.number),
                "duration_ms": segment.duration_ms,
                "size": segment.file_size,
                "sha256": segment.sha256,
                "ended_by": segment.ended_by,
                "chunks": segment.chunk_count,
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
        "markers": [marker.as_dict() for marker in interview_markers(interview, timeline)],
    }


def webvtt_chapters(summary: dict[str, Any]) -> str:
    """The markers as WebVTT chapters: each runs until the next one (the last to the end)."""
    markers = summary["markers"]
    lines = ["WEBVTT", ""]
    for index, marker in enumerate(markers):
        start = marker["position_ms"]
        following = markers[index + 1]["position_ms"] if index + 1 < len(markers) else None
        end = max(start + 1, following if following is not None else summary["duration_ms"])
        text = f"{marker_word(marker['kind'])}: {marker['label']}"
        lines += [
            str(index + 1),
            f"{vtt_time(start)} --> {vtt_time(end)}",
            " ".join(text.replace("-->", "->").split()),
            "",
        ]
    return "\n".join(lines)


def marker_word(kind: str) -> str:
    """What a marker stands for, in the interface language."""
    words = {
        KIND_OPENED: _("Opened"),
        KIND_EDITED: _("Last edited"),
        KIND_FOLLOW_UP: _("Asked"),
        KIND_CHANGE: _("Noted"),
    }
    return words.get(kind, kind)
