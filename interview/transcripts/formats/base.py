"""What every transcript reader shares: the plain turn it returns, decoding, and the sanity checks.

A reader returns `RawTurn`s: the speaker label as the file wrote it (a name, ``S00``, ``I``), the
start in milliseconds on the file's own clock (None when the file gives no time) and the words.
Mapping labels to the interviewer and the participant is the preview's work, not the reader's.

Encoding: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read.
Anything else is refused with a message naming UTF-8: a Windows code page (cp1250 for Slovenian,
cp1252 for German) cannot be told from its neighbours by its bytes, and a wrong guess would change
the participant's words (č read as è) without anyone noticing.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from flask_babel import gettext as _

# A cue this long that covers more than half of the file is a transcriber's failure (noScribe
# 0.7.1 wrote one cue spanning the whole interview, noScribe#309), not a turn of speech.
LONG_CUE_MS = 5 * 60 * 1000


class FormatError(ValueError):
    """A file that cannot be imported; the message is for the user and names no participant words."""


@dataclass(frozen=True)
class RawTurn:
    """One turn as the file has it: speaker label (None: not given), start (ms or None), text."""

    label: str | None
    start_ms: int | None
    text: str
    end_ms: int | None = None


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (BOM or not) or UTF-16 with a BOM; any other encoding is refused."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError(_("The file is damaged: it is not valid UTF-16.")) from None
    # No text holds NUL characters; UTF-16 without its mark is full of them (and valid UTF-8).
    if b"\x00" in data[:4000]:
        raise FormatError(
            _("The file is UTF-16 without a byte-order mark. Save it as UTF-8 and import it again.")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    raise FormatError(
        _(
            "The file is not UTF-8 (it looks like a Windows code page such as cp1250 or cp1252). "
            "Save it as UTF-8 and import it again."
        )
    )


TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


def parse_time(text: str) -> int | None:
    """`1:02:03.5`, `02:03,500`, `2:03` as milliseconds; None when it is no time."""
    match = TIME.match(text.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    millis = int((fraction or "0").ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def clean_turns(turns: list[RawTurn]) -> list[RawTurn]:
    """The turns with text, or FormatError when there are none or their times go back."""
    kept = [turn for turn in turns if turn.text.strip()]
    if not kept:
        raise FormatError(_("The file holds no transcript text."))
    check_order(kept)
    return kept


def check_order(turns: list[RawTurn]) -> None:
    """Refuse a file whose times go backwards: its turns would land under the wrong questions."""
    previous: int | None = None
    for number, turn in enumerate(turns, start=1):
        if turn.start_ms is None:
            continue
        if previous is not None and turn.start_ms < previous:
            raise FormatError(
                _(
                    "The times go backwards at turn %(number)d (%(time)s after %(before)s). "
                    "Correct the file and import it again.",
                    number=number,
                    time=show_time(turn.start_ms),
                    before=show_time(previous),
                )
            )
        previous = turn.start_ms


def check_long_cue(turns: list[RawTurn]) -> None:
    """Refuse a file in which one cue covers most of the recording (a failed transcription)."""
    starts = [t.start_ms for t in turns if t.start_ms is not None]
    ends = [t.end_ms for t in turns if t.end_ms is not None]
    if not starts or not ends:
        return
    span = max(ends) - min(starts)
    for number, turn in enumerate(turns, start=1):
        if turn.start_ms is None or turn.end_ms is None:
            continue
        length = turn.end_ms - turn.start_ms
        if length >= LONG_CUE_MS and length * 2 > span:
            raise FormatError(
                _(
                    "Cue %(number)d runs from %(start)s to %(end)s, most of the file: the "
                    "transcription did not split the speech into turns. Export it again "
                    "with one cue per turn.",
                    number=number,
                    start=show_time(turn.start_ms),
                    end=show_time(turn.end_ms),
                )
            )


def show_time(ms: int) -> str:
    """Milliseconds as h:mm:ss for messages and previews."""
    seconds = ms // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
