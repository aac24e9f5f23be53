"""The document a participant's codings are made on: one NFC, LF text with headings beside it.

Offsets everywhere are Unicode code points into `Document.text`, end exclusive. Headings are not
part of the text (they cannot be coded): each is shown before the character at its offset. The
transcript, when there is one, is the first source (its turns' speakers and times are headings,
level 3); without one the typed answers in protocol order are the document. A new source is one function added to `SOURCES`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.extensions import db
from interview.models import Participant
from interview.record.build import build_record

SOURCE_ANSWERS = "answers"
SOURCE_TRANSCRIPT = "transcript"
HEADING_SECTION = 1
HEADING_QUESTION = 2
HEADING_TURN = 3
ANSWER_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Heading:
    """A heading shown before the character at `offset`: a section (1), a question (2), a turn (3)."""

    offset: int
    level: int
    text: str

    def as_json(self) -> dict[str, Any]:
        """The heading as stored and sent to the page."""
        return {"offset": self.offset, "level": self.level, "text": self.text}


@dataclass(frozen=True)
class Document:
    """Plain data: the text to code, its headings and the SHA-256 of the text (its version)."""

    source: str
    text: str
    headings: tuple[Heading, ...]
    sha256: str

    def quote(self, start: int, end: int) -> str:
        """The text between two code-point offsets."""
        return self.text[start:end]


def normalise(text: str) -> str:
    """NFC with LF line endings: the one form every offset is counted in."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_sha256(text: str) -> str:
    """The version of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_document(source: str, parts: list[tuple[list[Heading], str]]) -> Document:
    """Join (headings, passage) parts into one document; headings point at their passage's start."""
    text, headings = "", []
    for part_headings, passage in parts:
        if text:
            text += ANSWER_SEPARATOR
        offset = len(text)
        headings.extend(Heading(offset, h.level, h.text) for h in part_headings)
        text += passage
    return Document(source, text, tuple(headings), text_sha256(text))


def answers_document(record: dict[str, Any]) -> Document | None:
    """The typed answers in protocol order under their section and question headings."""
    interview = record.get("interview")
    if not interview:
        return None
    parts: list[tuple[list[Heading], str]] = []
    for section in interview["sections"]:
        pending = [Heading(0, HEADING_SECTION, normalise(section["title"]))]
        for question in section["questions"]:
            answer = normalise(question.get("answer") or "").strip()
            if not answer:
                continue
            pending.append(Heading(0, HEADING_QUESTION, normalise(question["text"])))
            parts.append((pending, answer))
            pending = []
    return make_document(SOURCE_ANSWERS, parts) if parts else None


def transcript_document(participant: Participant, record: dict[str, Any]) -> Document | None:
    """The transcript, when the participant has one (see `document_of_transcript`)."""
    return document_of_transcript(record)


def document_of_transcript(record: dict[str, Any]) -> Document | None:
    """The record's transcript question by question: only the words are text to code.

    Each question is a heading over the turns placed under it (section headings as in the answers
    document; turns before the first question come first, under their own heading), and each turn
    has a heading of its own: the speaker's label and its start ("P 0:01:23.4"). So a coded
    passage holds the participant's words and nothing else, and a re-import that corrects a time
    or a speaker changes headings, never the offsets of codings.
    """
    transcript = record.get("transcript")
    if not transcript or not transcript.get("turns"):
        return None
    by_question: dict[str | None, list[dict[str, Any]]] = {}
    known = {
        q["id"]
        for s in (record.get("interview") or {}).get("sections") or []
        for q in s["questions"]
    }
    for turn in transcript["turns"]:
        if normalise(turn["text"]).strip():
            key = turn["question_id"] if turn["question_id"] in known else None
            by_question.setdefault(key, []).append(turn)
    parts: list[tuple[list[Heading], str]] = []
    if None in by_question:
        add_turns(
            parts, [Heading(0, HEADING_QUESTION, _("Before the first question"))], by_question[None]
        )
    for section in (record.get("interview") or {}).get("sections") or []:
        pending = [Heading(0, HEADING_SECTION, normalise(section["title"]))]
        for question in section["questions"]:
            if question["id"] in by_question:
                pending.append(Heading(0, HEADING_QUESTION, normalise(question["text"])))
                add_turns(parts, pending, by_question[question["id"]])
                pending = []
    return make_document(SOURCE_TRANSCRIPT, parts) if parts else None


def add_turns(
    parts: list[tuple[list[Heading], str]], headings: list[Heading], turns: list[dict[str, Any]]
) -> None:
    """One part per turn: the pending headings and the turn's own heading before its words."""
    for turn in turns:
        label = " ".join(item for item in (turn["label"], turn.get("start") or "") if item)
        parts.append(
            ([*headings, Heading(0, HEADING_TURN, label)], normalise(turn["text"]).strip())
        )
        headings = []


# The document of a participant comes from the first source that has one.
SOURCES: list[Callable[[Participant, dict[str, Any]], Document | None]] = [
    transcript_document,
    lambda participant, record: answers_document(record),
]


def build_document(participant: Participant) -> Document | None:
    """The participant's document to code, or None when there is nothing to code yet."""
    record = build_record(participant)
    for source in SOURCES:
        document = source(participant, record)
        if document is not None:
            return document
    return None


def lines(text: str) -> list[tuple[int, str]]:
    """Each line of the text with the code-point offset it starts at (line numbers count from 1)."""
    result, offset = [], 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


def utf16_length(text: str) -> int:
    """How many UTF-16 code units the text takes (what a browser counts)."""
    return len(text.encode("utf-16-le")) // 2


def utf16_to_code_points(text: str, units: int) -> int:
    """The code-point offset of a UTF-16 offset into `text` (the inverse of what coding.js sends)."""
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def interviewed_participants() -> list[Participant]:
    """Every participant with an interview (the documents there are to code), by number."""
    statement = (
        db.select(Participant).where(Participant.interview.has()).order_by(Participant.number)
    )
    return list(db.session.scalars(statement))
