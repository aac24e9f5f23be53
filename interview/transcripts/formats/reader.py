"""Which reader a file needs (its extension, else its content, or the user's choice) and the
checks every file passes first: not empty, not over `TRANSCRIPT_MAX_BYTES`, decodable.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from flask import current_app
from flask_babel import gettext as _

from interview.transcripts.formats.base import FormatError, RawTurn, clean_turns, decode
from interview.transcripts.formats.html_text import read_html, read_otr
from interview.transcripts.formats.plain import looks_like_otter, parse_otter, parse_plain
from interview.transcripts.formats.subtitles import read_srt, read_vtt
from interview.transcripts.formats.word import read_docx

FORMAT_VTT = "vtt"
FORMAT_SRT = "srt"
FORMAT_OTR = "otr"
FORMAT_HTML = "html"
FORMAT_OTTER = "otter"
FORMAT_DOCX = "docx"
FORMAT_TEXT = "txt"

TEXT_READERS: dict[str, Callable[[str], list[RawTurn]]] = {
    FORMAT_VTT: read_vtt,
    FORMAT_SRT: read_srt,
    FORMAT_OTR: read_otr,
    FORMAT_HTML: read_html,
    FORMAT_OTTER: parse_otter,
    FORMAT_TEXT: parse_plain,
}
FORMATS = (*TEXT_READERS, FORMAT_DOCX)
EXTENSIONS = {
    ".vtt": FORMAT_VTT,
    ".webvtt": FORMAT_VTT,
    ".srt": FORMAT_SRT,
    ".otr": FORMAT_OTR,
    ".html": FORMAT_HTML,
    ".htm": FORMAT_HTML,
    ".docx": FORMAT_DOCX,
}
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class ReadFile:
    """A transcript file read: the format it was read as, and its turns."""

    format: str
    turns: list[RawTurn]


def read_transcript(filename: str, data: bytes, chosen: str | None = None) -> ReadFile:
    """Read a transcript file in memory; FormatError with the message to show when it cannot be."""
    limit = current_app.config["TRANSCRIPT_MAX_BYTES"]
    if not data.strip():
        raise FormatError(_("The file is empty."))
    if len(data) > limit:
        raise FormatError(
            _(
                "The file is larger than %(limit)d KB, more than a transcript can be.",
                limit=limit // 1024,
            )
        )
    if chosen is not None and chosen not in FORMATS:
        raise FormatError(_("Unknown transcript format: %(name)s.", name=chosen))
    name = chosen or detect(filename, data)
    if name == FORMAT_DOCX:
        return ReadFile(name, clean_turns(read_docx(data)))
    if data.startswith(ZIP_MAGIC):
        raise FormatError(_("The file is a zip archive (a Word document?), not a text file."))
    text = decode(data)
    return ReadFile(name, clean_turns(TEXT_READERS[name](text.replace("\r\n", "\n"))))


def detect(filename: str, data: bytes) -> str:
    """The format by the file's extension, or by its first bytes for .txt and unknown names."""
    extension = PurePath(filename or "").suffix.lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    if data.startswith(ZIP_MAGIC):
        return FORMAT_DOCX
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
    if head.startswith("WEBVTT"):
        return FORMAT_VTT
    if head.startswith("{") and is_otr(data):
        return FORMAT_OTR
    if head[:15].lower().startswith(("<!doctype html", "<html")):
        return FORMAT_HTML
    lines = head.replace("\r\n", "\n").split("\n")
    if len(lines) > 1 and lines[0].strip().isdigit() and "-->" in lines[1]:
        return FORMAT_SRT
    if looks_like_otter(head):
        return FORMAT_OTTER
    return FORMAT_TEXT


def is_otr(data: bytes) -> bool:
    """Whether the bytes are oTranscribe's JSON."""
    try:
        value = json.loads(decode(data))
    except (ValueError, FormatError):
        return False
    return isinstance(value, dict) and "text" in value
