"""Question markers on the recording's clock, and the recording's summary for pages and exports.

Every question's opened and last-edited times, the interviewer's follow-up questions and the
changes are server times; the timeline maps each to its place in the recording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.extensions import db
from interview.instruments.snapshots import instrument_for
from interview.models import Answer, Interview
from interview.record.recording import recording_part, recording_timeline
from interview.record.timeline import Timeline, clock, vtt_time
from interview.recording.assembly import assembled_segments

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
    """The record's recording part (files brought up to date first) with every marker on it."""
    assembled_segments(interview)
    db.session.refresh(interview, ["recording_segments"])
    timeline = recording_timeline(interview)
    if timeline is None:
        return None
    return {
        **recording_part(interview, timeline),
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
