"""Transcripts typed as text: `[hh:mm:ss]`, `(mm:ss)`, `{…}` or `#…#` time markers and speaker
prefixes (`I:`, `P:`, `Ana:`), and Otter's export (a "Speaker Name  0:03" line before each turn).

Word files, oTranscribe and noScribe's HTML become lines of this kind first, so one set of rules
decides where a turn begins: a line that starts with a speaker prefix or a time marker. A line
without either goes on the turn before it; a marker inside a line starts a new turn of the same
speaker at that time. A word followed by a colon counts as a speaker only when the file uses it
that way at least twice, or when it is at most three characters long (`I:`, `P:`, `S00:`), so a
participant's "Well: …" stays their words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from interview.transcripts.formats.base import RawTurn, parse_time

_T = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
MARKER = re.compile(rf"\[({_T})\]|\(({_T})\)|\{{({_T})\}}|#({_T})#")
LEAD_MARKER = re.compile(rf"^\s*(?:{MARKER.pattern})\s*")
PREFIX = re.compile(rf"^(?P<label>[^\W\d_][\w.'’ -]{{0,29}}?)\s*(?:{MARKER.pattern})?\s*:(?:\s+|$)")
OTTER_HEADER = re.compile(
    r"^(?P<label>[^\W\d_][\w.'’ -]{0,39}?)\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$"
)
OTTER_FOOTER = re.compile(r"^\s*Transcribed by https?://otter\.ai", re.IGNORECASE)
SHORT_LABEL = 3
MAX_LABEL_WORDS = 4


@dataclass
class _Building:
    label: str | None
    start_ms: int | None
    parts: list[str]

    def turn(self) -> RawTurn:
        return RawTurn(self.label, self.start_ms, "".join(self.parts).strip())


def marker_time(match: re.Match) -> int | None:
    """The time a marker match holds, in milliseconds."""
    return parse_time(next(group for group in match.groups() if group is not None))


def prefix_labels(lines: list[str]) -> set[str]:
    """The labels used as speaker prefixes: twice or more, or short ones (`I`, `P`, `S00`)."""
    counts: Counter[str] = Counter()
    for line in lines:
        match = PREFIX.match(leading_markers(line.strip(), None)[1])
        if match and len(match["label"].split()) <= MAX_LABEL_WORDS:
            counts[match["label"].strip()] += 1
    return {label for label, n in counts.items() if n >= 2 or len(label) <= SHORT_LABEL}


def split_line(line: str, labels: set[str]) -> tuple[str | None, int | None, str]:
    """(speaker label, leading time, the rest) of one line."""
    time, text = leading_markers(line.strip(), None)
    prefix = PREFIX.match(text)
    label = None
    if prefix and prefix["label"].strip() in labels:
        label = prefix["label"].strip()
        inner = next((g for g in prefix.groups()[1:] if g is not None), None)
        if inner is not None and time is None:
            time = parse_time(inner)
        time, text = leading_markers(text[prefix.end() :], time)
    return label, time, text


def leading_markers(text: str, time: int | None) -> tuple[int | None, str]:
    """Drop the time markers a line starts with; the first one's time is kept (noScribe repeats)."""
    while lead := LEAD_MARKER.match(text):
        time = marker_time(lead) if time is None else time
        text = text[lead.end() :]
    return time, text


def parse_plain(text: str) -> list[RawTurn]:
    """Turns of a typed transcript (markers and prefixes as the module says)."""
    lines = text.split("\n")
    labels = prefix_labels(lines)
    turns: list[_Building] = []
    blank = False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        label, time, rest = split_line(line, labels)
        if label is not None or time is not None or not turns:
            previous = turns[-1].label if turns else None
            turns.append(_Building(label if label is not None else previous, time, []))
        elif turns[-1].parts:
            turns[-1].parts.append("\n\n" if blank else "\n")
        blank = False
        add_text(turns, rest)
    return [turn.turn() for turn in turns]


def add_text(turns: list[_Building], text: str) -> None:
    """Add a line's text to the last turn; a marker inside it starts a new turn at its time."""
    position = 0
    for match in MARKER.finditer(text):
        turns[-1].parts.append(text[position : match.start()])
        turns.append(_Building(turns[-1].label, marker_time(match), []))
        position = match.end()
    turns[-1].parts.append(text[position:])


def looks_like_otter(text: str) -> bool:
    """Whether the first line with text is an Otter speaker line ("Speaker 1  0:03")."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    match = OTTER_HEADER.match(first.strip())
    return bool(match) and len(match["label"].split()) <= MAX_LABEL_WORDS


def parse_otter(text: str) -> list[RawTurn]:
    """Otter's plain text: a "Name  m:ss" line, then the turn's text, until the next such line."""
    turns: list[_Building] = []
    for line in text.split("\n"):
        if OTTER_FOOTER.match(line):
            continue
        header = OTTER_HEADER.match(line.strip())
        if header and len(header["label"].split()) <= MAX_LABEL_WORDS:
            turns.append(_Building(header["label"].strip(), parse_time(header["time"]), []))
        elif line.strip():
            if not turns:
                turns.append(_Building(None, None, []))
            elif turns[-1].parts:
                turns[-1].parts.append("\n")
            turns[-1].parts.append(line.strip())
    return [turn.turn() for turn in turns]
