"""Each turn placed under the interview question it belongs to, by its time.

The clocks (the record's `transcript.clock`):
- a turn's `start_ms` is on the transcript's own clock, as the file or the editor gave it;
- the *reference clock* is the recording's when the interview was recorded in the tool (the
  position in the assembled audio, pauses taking no time), else the interview's (milliseconds
  since the interview started, `interview.started_at`);
- `offset_ms` is added to a turn's start to put it on the reference clock: a transcript of the
  tool's own recording has 0; one whose audio began 40 s after the interview started has 40 000
  (cues at 0:00 were said at 0:40 of the interview); one whose audio began early, negative.

A question starts where it was first opened on the reference clock (its marker on the recording,
or its opened time). A turn belongs to the last question started at or before its time; turns
before any question belong to none. A turn without a time stays with the turn before it. Turns
placed by hand keep their question whatever the times say.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from interview.models import PLACED_BY_HAND, PLACED_BY_TIME
from interview.record.transcript import placements, question_start_times
from interview.transcripts.store import Turn


@dataclass(frozen=True)
class QuestionStart:
    """Where a question starts on the reference clock, and how it reads (section. text)."""

    question_id: str
    start_ms: int
    label: str


def interview_questions(interview: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Every question of the record's interview in the order asked: (id, "section. text")."""
    if not interview:
        return []
    return [
        (question["id"], f"{section['number']}. {question['text']}")
        for section in interview.get("sections") or []
        for question in section.get("questions") or []
    ]


def question_starts(interview: dict[str, Any] | None) -> list[QuestionStart]:
    """The opened questions' starts on the reference clock, in time order (ties: order asked)."""
    labels = dict(interview_questions(interview))
    return [
        QuestionStart(question_id, start, labels[question_id])
        for start, question_id in question_start_times(interview)
    ]


def question_at(starts: Sequence[QuestionStart], moment_ms: int) -> str | None:
    """The question started last at or before the moment, or None before the first."""
    index = bisect_right([item.start_ms for item in starts], moment_ms)
    return starts[index - 1].question_id if index else None


def align(turns: Sequence[Turn], starts: Sequence[QuestionStart], offset_ms: int) -> list[Turn]:
    """The turns with their questions set by time (hand-placed ones keep theirs)."""
    questions = placements(
        ((turn.start_ms, turn.placed_by, turn.question_id) for turn in turns),
        [(item.start_ms, item.question_id) for item in starts],
        offset_ms,
    )
    return [
        turn
        if turn.placed_by == PLACED_BY_HAND
        else replace(turn, question_id=question, placed_by=PLACED_BY_TIME)
        for turn, question in zip(turns, questions, strict=True)
    ]


def moved(
    turns: Sequence[Turn], position: int, question_id: str | None, *, following: bool = True
) -> list[Turn]:
    """Turns with a boundary moved by hand: the turn at ``position`` and those after it that sat
    with it (or before it, ``following=False``) now sit under ``question_id``, placed by hand.
    """
    if not 0 <= position < len(turns):
        raise IndexError(position)
    result = list(turns)
    old = turns[position].question_id
    step = 1 if following else -1
    index = position
    while 0 <= index < len(result) and result[index].question_id == old:
        result[index] = replace(result[index], question_id=question_id, placed_by=PLACED_BY_HAND)
        index += step
    return result
