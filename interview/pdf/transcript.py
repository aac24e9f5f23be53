"""The coding PDF's transcript part: question by question, every line numbered, in one layout.

Lines are numbered without a second layout pass: the transcript is set in DejaVu Sans Mono, whose
every character has the same width, so the lines are known before WeasyPrint lays them out
(`LINE_CHARACTERS` fit the text column of A4 and Letter at 10 pt). Each line starts with its
number in the left margin; a turn is one paragraph under a heading with its speaker and time, so
extracted text reads "12  the words", line after line, in order.
"""

from __future__ import annotations

import textwrap
from typing import Any

# 11.7 cm of column (A4 less the coding PDF's margins) holds 55 DejaVu Sans Mono characters at
# 10 pt (0.602 em each); one less leaves room for a wider glyph from a fallback font (emoji).
LINE_CHARACTERS = 54
NUMBER_WIDTH = 5


def wrapped(text: str) -> list[str]:
    """The turn's text as the lines it will be printed in (its own line breaks kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(
            " ".join(paragraph.split()),
            LINE_CHARACTERS,
            break_on_hyphens=False,
        ) or [""]
    return lines


def numbered(lines: list[str], first: int) -> str:
    """The lines with their numbers before them, one text with line breaks."""
    return "\n".join(
        f"{number:>{NUMBER_WIDTH}}  {line}".rstrip() for number, line in enumerate(lines, first)
    )


def transcript_sections(record: dict) -> dict[str, Any] | None:
    """The transcript grouped by section and question, turns with their numbered lines."""
    transcript = record.get("transcript")
    if not transcript or not transcript.get("turns"):
        return None
    interview = record.get("interview") or {}
    by_question: dict[str | None, list[dict]] = {}
    known = {q["id"] for s in interview.get("sections") or [] for q in s.get("questions") or []}
    for turn in transcript["turns"]:
        key = turn.get("question_id") if turn.get("question_id") in known else None
        by_question.setdefault(key, []).append(turn)
    counter = [1]
    before = [_turn(turn, counter) for turn in by_question.get(None, [])]
    sections = []
    for section in interview.get("sections") or []:
        questions = [
            {
                "text": question.get("text"),
                "prompts": question.get("prompts") or [],
                "turns": [_turn(turn, counter) for turn in by_question[question["id"]]],
            }
            for question in section.get("questions") or []
            if question["id"] in by_question
        ]
        if questions:
            sections.append(
                {
                    "number": section.get("number"),
                    "title": section.get("title"),
                    "questions": questions,
                }
            )
    return {"before": before, "sections": sections, "lines": counter[0] - 1}


def _turn(turn: dict, counter: list[int]) -> dict[str, Any]:
    """One turn for the template: speaker label, time, and the numbered lines of its words."""
    lines = wrapped(turn.get("text") or "")
    text = numbered(lines, counter[0])
    counter[0] += len(lines)
    return {"label": turn.get("label"), "start": turn.get("start") or "", "text": text}
