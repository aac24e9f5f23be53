"""WebVTT and SRT (Whisper, its front ends, noScribe): read by webvtt-py and srt.

Speakers come from `<v Name>` tags (one cue may hold several voices), or from a prefix in the
text (`SPEAKER_00: …`, `Ana: …`) used as `plain.py` decides. noScribe's VTT saved from its editor
repeats the time and the speaker inside the text (noScribe#296): a leading time marker and a
prefix naming the cue's own voice are dropped. Consecutive cues of one known speaker become one
turn when less than 3 s apart (Whisper cuts speech every few seconds); cues without any speaker stay one turn each, so
their times still place them under their questions.
"""

from __future__ import annotations

import io
import re

import srt
import webvtt
from flask_babel import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from interview.transcripts.formats.base import FormatError, RawTurn, check_long_cue, check_order
from interview.transcripts.formats.plain import prefix_labels, split_line

VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Cues of one speaker this close follow on (Whisper's cuts); a longer silence starts a new turn.
MERGE_GAP_MS = 3000
ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "", "&rlm;": ""}


def vtt_ms(timestamp) -> int:
    """A webvtt-py timestamp as milliseconds."""
    return (
        (timestamp.hours * 60 + timestamp.minutes) * 60 + timestamp.seconds
    ) * 1000 + timestamp.milliseconds


def unescape(text: str) -> str:
    """Cue text without its tags and with WebVTT's character references read."""
    text = TAG.sub("", text)
    for entity, char in ENTITIES.items():
        text = text.replace(entity, char)
    return text


def voices(raw: str) -> list[tuple[str | None, str]]:
    """A cue's text as (voice, text) pieces: one per `<v …>` tag, or one piece without a voice."""
    matches = list(VOICE.finditer(raw))
    if not matches:
        return [(None, unescape(raw))]
    pieces = []
    if raw[: matches[0].start()].strip():
        pieces.append((None, unescape(raw[: matches[0].start()])))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(raw)
        pieces.append((match[1].strip(), unescape(raw[match.end() : end])))
    return pieces


def read_vtt(text: str) -> list[RawTurn]:
    """The turns of a WebVTT file."""
    try:
        captions = webvtt.from_buffer(io.StringIO(text), strict=True).captions
    except (MalformedFileError, MalformedCaptionError):
        raise FormatError(
            _("The file is not valid WebVTT: a cue's time or the WEBVTT header is malformed.")
        ) from None
    cues = []
    for caption in captions:
        start, end = vtt_ms(caption.start_time), vtt_ms(caption.end_time)
        cues += [(voice, start, end, words) for voice, words in voices(caption.raw_text)]
    return merged(with_prefixes(cues))


def read_srt(text: str) -> list[RawTurn]:
    """The turns of an SRT file."""
    try:
        subtitles = list(srt.parse(text, ignore_errors=False))
    except (srt.SRTParseError, ValueError):
        raise FormatError(
            _("The file is not valid SRT: a block's number or time is malformed.")
        ) from None
    cues = []
    for subtitle in subtitles:
        start = round(subtitle.start.total_seconds() * 1000)
        end = round(subtitle.end.total_seconds() * 1000)
        cues += [(voice, start, end, words) for voice, words in voices(subtitle.content)]
    return merged(with_prefixes(cues))


def with_prefixes(cues: list[tuple]) -> list[RawTurn]:
    """Cues as turns, the speaker taken from a prefix in the text where no voice tag names one."""
    labels = prefix_labels([words for _v, _s, _e, words in cues])
    turns = []
    for voice, start, end, words in cues:
        label, _time, rest = split_line(words, labels | {voice or ""})
        if voice is not None and label not in (None, voice):
            rest = words.strip()  # a prefix naming someone else is part of what was said
        turns.append(RawTurn(voice or label, start, rest, end))
    return checked_cues(turns)


def checked_cues(cues: list[RawTurn]) -> list[RawTurn]:
    """The cues, or FormatError when their times go back or one covers most of the file."""
    cues = [cue for cue in cues if cue.text.strip()]
    check_order(cues)
    check_long_cue(cues)
    return cues


def merged(turns: list[RawTurn]) -> list[RawTurn]:
    """Consecutive cues of one known speaker as one turn (from the first's start to the last's end)."""
    result: list[RawTurn] = []
    for turn in turns:
        if not turn.text.strip():
            continue
        last = result[-1] if result else None
        if (
            last is not None
            and turn.label is not None
            and turn.label == last.label
            and turn.start_ms - (last.end_ms or last.start_ms) <= MERGE_GAP_MS
        ):
            result[-1] = RawTurn(
                last.label, last.start_ms, f"{last.text} {turn.text.strip()}", turn.end_ms
            )
        else:
            result.append(RawTurn(turn.label, turn.start_ms, turn.text.strip(), turn.end_ms))
    return result
