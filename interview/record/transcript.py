"""The record's transcript part: every turn with its speaker's label, start and question.

A record without a transcript has `"transcript": null`. Times are milliseconds on the
transcript's own clock (what its audio player shows); `offset_ms` puts them on the clock the
questions were placed by, named in `clock`: the recording's clock when the interview was recorded
in the tool, else the interview's clock (milliseconds since the interview started).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app

from interview.models import SPEAKERS, Transcript
from interview.record.timeline import clock

CLOCK_RECORDING = "recording"
CLOCK_INTERVIEW = "interview"


def speaker_labels() -> dict[str, str]:
    """The study's label for each speaker role, e.g. {"interviewer": "I", "participant": "P"}."""
    configured = current_app.config.get("TRANSCRIPT_SPEAKERS") or {}
    return {role: str(configured.get(role, role[:1].upper())) for role in SPEAKERS}


def reference_clock(interview: dict[str, Any] | None) -> str:
    """Which clock a transcript is aligned on: the recording's when there is one, else the interview's."""
    return CLOCK_RECORDING if interview and interview.get("recording") else CLOCK_INTERVIEW


def transcript_part(
    transcript: Transcript | None, interview: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The transcript as record data, or None without one (or without any turn)."""
    if transcript is None or not transcript.turns:
        return None
    turns = [
        {
            "speaker": row.speaker,
            "start_ms": row.start_ms,
            "text": row.text,
            "question_id": row.question_id,
            "placed_by": row.placed_by,
        }
        for row in transcript.turns
    ]
    return transcript_entry(
        turns,
        version=transcript.version,
        source_format=transcript.source_format,
        offset_ms=transcript.offset_ms,
        clock_name=reference_clock(interview),
    )


def transcript_entry(
    turns: Iterable[dict[str, Any]],
    *,
    version: int,
    source_format: str,
    offset_ms: int,
    clock_name: str,
) -> dict[str, Any]:
    """The record's transcript part from plain turns (also used to foresee one before saving)."""
    labels = speaker_labels()
    return {
        "version": version,
        "source_format": source_format,
        "offset_ms": offset_ms,
        "clock": clock_name,
        "speakers": labels,
        "turns": [
            {
                "number": number,
                "speaker": turn["speaker"],
                "label": labels.get(turn["speaker"], turn["speaker"]),
                "start_ms": turn["start_ms"],
                "start": None if turn["start_ms"] is None else clock(turn["start_ms"]),
                "question_id": turn["question_id"],
                "placed_by": turn["placed_by"],
                "text": turn["text"],
            }
            for number, turn in enumerate(turns, start=1)
        ],
    }
