"""oTranscribe's `.otr` and noScribe's HTML: their markup as lines for the plain-text rules.

oTranscribe keeps its text as HTML inside JSON (`{"text": …, "media": …, "media-time": …}`) with
each timestamp a `<span class="timestamp" data-timestamp="SECONDS">`; older files only write
"MM:SS" inside the span. noScribe's HTML marks each stretch of speech with an anchor
`<a name="ts_START_END_SPEAKER">` (milliseconds), the speaker also written as "S00:" in the text.
Both become `[h:mm:ss.mmm]` markers at the place they stood, paragraphs and `<br>` line breaks.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from flask_babel import gettext as _

from interview.transcripts.formats.base import FormatError, RawTurn, parse_time
from interview.transcripts.formats.plain import PREFIX, parse_plain

BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "tr"})
SKIPPED = frozenset({"head", "style", "script", "title"})
NOSCRIBE_ANCHOR = re.compile(r"^ts_(\d+)_(\d+)_(.+)$")


def marker(ms: int) -> str:
    """A time as the plain-text rules read it."""
    seconds, millis = divmod(ms, 1000)
    return f"[{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{millis:03d}]"


class TranscriptHTML(HTMLParser):
    """Collects paragraphs of text with time markers (and noScribe's speaker per paragraph)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[str | None, list[str]]] = []
        self.current: list[str] = []
        self.speaker: str | None = None
        self.skipping = 0
        self.in_timestamp = False
        self.timestamp_text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.end_paragraph()
        elif tag == "br":
            self.current.append("\n")
        elif tag == "span" and "timestamp" in (values.get("class") or "").split():
            self.timestamp(values.get("data-timestamp"))
        elif tag == "a" and (anchor := NOSCRIBE_ANCHOR.match(values.get("name") or "")):
            self.noscribe_anchor(int(anchor[1]), anchor[3])

    def timestamp(self, seconds: str | None) -> None:
        """An oTranscribe timestamp: its data attribute, or (older files) the text inside it."""
        self.in_timestamp = True
        self.timestamp_text = []
        try:
            value = float(seconds) if seconds is not None else None
        except ValueError:
            value = None
        if value is not None and 0 <= value < 100 * 3600:
            self.current.append(" " + marker(round(value * 1000)) + " ")
            self.timestamp_text = None  # the text inside is only its display

    def noscribe_anchor(self, start_ms: int, speaker: str) -> None:
        """A stretch of noScribe speech: a new paragraph when the speaker changes."""
        if speaker != self.speaker:
            self.end_paragraph()
            self.speaker = speaker
            self.current.append(marker(start_ms) + " ")

    def handle_endtag(self, tag) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.end_paragraph()
        elif tag == "span" and self.in_timestamp:
            self.in_timestamp = False
            if self.timestamp_text is not None:
                ms = parse_time("".join(self.timestamp_text))
                if ms is not None:
                    self.current.append(" " + marker(ms) + " ")
            self.timestamp_text = []

    def handle_data(self, data) -> None:
        if self.skipping:
            return
        if self.in_timestamp:
            if self.timestamp_text is not None:
                self.timestamp_text.append(data)
            return
        self.current.append(data.replace("\n", " "))

    def end_paragraph(self) -> None:
        """Close the paragraph being collected (empty ones are dropped)."""
        text = "".join(self.current)
        if text.strip():
            self.paragraphs.append((self.speaker, [text]))
        self.current = []

    def lines(self) -> list[str]:
        """Each paragraph as lines; a noScribe paragraph without "S00:" gets its anchor's speaker."""
        self.end_paragraph()
        result = []
        for speaker, parts in self.paragraphs:
            text = " ".join(" ".join(parts).split(" ")).strip()
            if speaker is not None:
                head = re.match(r"^(\[[^\]]*\]\s*)*", text)
                rest = text[head.end() :]
                if not PREFIX.match(rest):
                    text = f"{text[: head.end()]}{speaker}: {rest}"
            result += [line.strip() for line in text.split("\n")]
            result.append("")
        return result


def read_html(text: str) -> list[RawTurn]:
    """The turns of an HTML transcript (noScribe's, or any with paragraphs and markers)."""
    parser = TranscriptHTML()
    parser.feed(text)
    parser.close()
    return parse_plain("\n".join(parser.lines()))


def read_otr(text: str) -> list[RawTurn]:
    """The turns of an oTranscribe `.otr` file."""
    try:
        data = json.loads(text)
    except ValueError:
        raise FormatError(_("The file is not an oTranscribe file: it is not valid JSON.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise FormatError(_("The file is not an oTranscribe file: it has no transcript text."))
    return read_html(data["text"])
