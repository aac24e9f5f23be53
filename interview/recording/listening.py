"""What the recording's pages show: the recorder's status, the listening page, a segment's file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func

from interview.extensions import db
from interview.models import ENDED_PAUSE, ENDED_STOP, Participant, RecordingSegment
from interview.recording.assembly import assembled_segments, segments_of
from interview.recording.intake import recording_allowed
from interview.recording.markers import recording_summary
from interview.register.recordings import base_type, segment_file
from interview.script_words import group_words


def recorder_status(participant: Participant) -> dict[str, Any]:
    """Each segment's acknowledged chunk count, and whether recording is allowed now."""
    interview = participant.interview
    segments = segments_of(interview) if interview is not None else []
    return {
        "allowed": recording_allowed(participant),
        "segments": {segment.client_id: segment.chunk_count for segment in segments},
        # recorder.js loads only when a recording starts: its words come with its first answer.
        "words": group_words("recorder"),
    }


def recorder_settings(participant: Participant) -> dict[str, Any]:
    """What the interview screen hands the recorder (None-free, for data attributes)."""
    return {
        "chunks": url_for("recording.chunk", code=participant.code),
        "status": url_for("recording.status", code=participant.code),
        "chunk_ms": int(current_app.config["RECORDING_CHUNK_SECONDS"] * 1000),
    }


def listening_context(participant: Participant) -> dict[str, Any]:
    """The listening page's data: the recording's summary and each segment's file address."""
    summary = recording_summary(participant.interview) if participant.interview else None
    files = []
    for segment in (summary or {}).get("segments", []):
        if segment["duration_ms"] is not None:
            files.append(
                {
                    **segment,
                    "url": url_for(
                        "recording.segment", code=participant.code, number=segment["number"]
                    ),
                }
            )
    return {"participant": participant, "summary": summary, "files": files}


def segment_download(participant: Participant, number: int) -> tuple[Path, str] | None:
    """The assembled file of segment ``number`` and its MIME type, if it exists."""
    if participant.interview is None:
        return None
    for segment in assembled_segments(participant.interview):
        if segment.number == number and segment.duration_ms is not None:
            path = segment_file(participant.code, segment.client_id, segment.mime_type)
            return (path, base_type(segment.mime_type)) if path.is_file() else None
    return None


def recorder_for(participant: Participant) -> dict[str, Any] | None:
    """The recorder's settings when this interview may be recorded, else None."""
    return recorder_settings(participant) if recording_allowed(participant) else None


def recording_overview(participant: Participant) -> dict[str, int] | None:
    """How many segments the recording has and its size, for the participant page (None: none)."""
    interview = participant.interview
    if interview is None:
        return None
    count, size = db.session.execute(
        db.select(
            func.count(RecordingSegment.id),
            func.coalesce(func.sum(RecordingSegment.bytes_received), 0),
        ).where(RecordingSegment.interview_id == interview.id)
    ).one()
    return {"segments": count, "size": size} if count else None


def ending_word(ended_by: str | None) -> str:
    """Why a segment ended, in the interface language."""
    if ended_by == ENDED_PAUSE:
        return _("pause")
    if ended_by == ENDED_STOP:
        return _("stop")
    return _("interrupted (reload or lost connection)")
