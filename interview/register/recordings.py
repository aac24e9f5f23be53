"""Where the recordings live: <instance>/recordings/<participant code>/, the owner's only; erasure
deletes a participant's folder whole, backup copies them all.

Each segment keeps its chunks as uploaded (``<segment>/000001.chunk``) beside its remuxed file
(``<segment>.webm`` or ``.m4a``); the chunks stay, so a later chunk can still be added and the file
made again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from flask import current_app

from interview.file_modes import PRIVATE_FILE, private_dir

RECORDINGS = "recordings"
EXTENSIONS = {"audio/webm": ".webm", "audio/ogg": ".ogg", "audio/mp4": ".m4a"}


def recordings_root() -> Path:
    """The folder holding every participant's recordings (not created)."""
    return Path(current_app.instance_path) / RECORDINGS


def participant_dir(code: str) -> Path:
    """One participant's recordings folder (not created)."""
    return recordings_root() / code


def chunk_dir(code: str, segment_id: str) -> Path:
    """The folder of one segment's uploaded chunks (not created)."""
    return participant_dir(code) / segment_id


def chunk_path(code: str, segment_id: str, sequence: int) -> Path:
    """Where chunk ``sequence`` of a segment is kept."""
    return chunk_dir(code, segment_id) / f"{sequence:06d}.chunk"


def base_type(mime_type: str) -> str:
    """The container part of a MIME type (``audio/webm;codecs=opus`` → ``audio/webm``)."""
    return mime_type.split(";", 1)[0].strip().lower()


def segment_file(code: str, segment_id: str, mime_type: str) -> Path:
    """The assembled file of a segment."""
    return participant_dir(code) / f"{segment_id}{EXTENSIONS.get(base_type(mime_type), '.webm')}"


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600) so that it survives a crash once this returns.

    A temporary file, fsynced, renamed over the target, and the folder fsynced: a server killed
    half-way leaves the old file or the new one, never half of one.
    """
    folder = private_dir(path.parent)
    private_dir(folder.parent)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def remove_participant_files(code: str) -> int:
    """Delete a participant's whole recordings folder; return 1 if there was one."""
    folder = participant_dir(code)
    if not folder.is_dir():
        return 0
    shutil.rmtree(folder, ignore_errors=True)
    return 1
