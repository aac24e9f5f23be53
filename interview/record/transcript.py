"""The record's transcript part: every turn with its speaker's label, start and question.

A record without a transcript has `"transcript": null`. Times are milliseconds on the
transcript's own clock (what its audio player shows); `offset_ms` puts them on the clock the
questions were placed by, named in `clock`: the recording's clock when the interview was recorded
in the tool, else the interview's clock (milliseconds since the interview started).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from flask import current_app

from interview.models import PLACED_BY_HAND, SPEAKERS, Transcript
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


def question_start_times(interview: dict[str, Any] | None) -> list[tuple[int, str]]:
    """(start ms on the reference clock, question id) of every opened question, in time order.

    A question starts where it was first opened: its marker on the recording, or its opened time.
    Ties keep the order asked (the sort is stable).
    """
    if not interview:
        return []
    on_recording = reference_clock(interview) == CLOCK_RECORDING
    starts = []
    for section in interview.get("sections") or []:
        for question in section.get("questions") or []:
            if on_recording:
                start = question.get("opened_recording_ms")
            else:
                opened = question.get("opened_offset")
                start = None if opened is None else opened * 1000
            if start is not None:
                starts.append((start, question["id"]))
    return sorted(starts, key=lambda item: item[0])


def placements(
    turns: Iterable[tuple[int | None, str, str | None]],
    starts: Sequence[tuple[int, str]],
    offset_ms: int,
) -> list[str | None]:
    """The question of each (start_ms, placed_by, question_id) turn, in order.

    A turn belongs to the last question started at or before its time (on the reference clock:
    its start plus ``offset_ms``); before any question, to none. A turn without a time stays with
    the turn before it. A turn placed by hand keeps its question whatever the times say.
    """
    times = [start for start, _question in starts]
    result: list[str | None] = []
    current: str | None = None
    for start_ms, placed_by, question_id in turns:
        if placed_by == PLACED_BY_HAND:
            current = question_id
        elif start_ms is not None:
            index = bisect_right(times, start_ms + offset_ms)
            current = starts[index - 1][1] if index else None
        result.append(current)
    return result


def transcript_part(
    transcript: Transcript | None, interview: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The transcript as record data, or None without one (or without any turn)."""
    if transcript is None or not transcript.turns:
        return None
    # Placed here, from the interview's question times, rather than trusted from the rows: a turn
    # typed in the editor, or a question opened after the import, lands where its time says.
    questions = placements(
        ((row.start_ms, row.placed_by, row.question_id) for row in transcript.turns),
        question_start_times(interview),
        transcript.offset_ms,
    )
    turns = [
        {
            "speaker": row.speaker,
            "start_ms": row.start_ms,
            "text": row.text,
            "question_id": question_id,
            "placed_by": row.placed_by,
        }
        for row, question_id in zip(transcript.turns, questions, strict=True)
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
