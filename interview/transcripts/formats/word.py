"""Word `.docx` transcripts: the zip checked before python-docx opens it, then the plain rules.

A `.docx` is a zip. Before python-docx (and lxml) unpack anything, the member list is read and
refused when it is not a zip, has too many members, would unpack to more than `MAX_UNPACKED`
bytes, or compresses one member more than `MAX_RATIO` times (a zip bomb fits gigabytes of zeros
in a few kilobytes; real Word XML compresses 5 to 20 times).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from flask_babel import gettext as _

from interview.transcripts.formats.base import FormatError, RawTurn
from interview.transcripts.formats.plain import parse_plain

MAX_MEMBERS = 2000
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 200
# Below this a member's ratio says nothing (a run of empty XML compresses far).
RATIO_FLOOR = 1024 * 1024


def check_zip(data: bytes) -> zipfile.ZipFile:
    """The open zip, or FormatError when it is no zip or would unpack to far more than it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise FormatError(
            _("The file is not a Word document (.docx): it is not a valid zip archive.")
        ) from None
    unpacked = sum(member.file_size for member in members)
    bomb = len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
            1, member.compress_size
        ):
            bomb = True
    if bomb:
        raise FormatError(
            _(
                "The Word document would unpack to far more than a transcript can be "
                "(a damaged or malicious file); nothing was read."
            )
        )
    if "word/document.xml" not in archive.namelist():
        raise FormatError(_("The file is not a Word document (.docx): it has no document part."))
    return archive


def docx_lines(data: bytes) -> list[str]:
    """The document's paragraphs as lines (and each table row's cells joined by a tab)."""
    check_zip(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds (KeyError, lxml errors) for a broken file
        raise FormatError(_("The Word document is damaged and cannot be read.")) from None
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(": ".join(cell.text.strip() for cell in row.cells if cell.text.strip()))
    return lines


def read_docx(data: bytes) -> list[RawTurn]:
    """The turns of a Word transcript."""
    return parse_plain("\n".join(line.replace("\r", "") for line in docx_lines(data)))
