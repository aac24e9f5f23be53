"""The pages' scripts and style sheets, sent without comments and indentation.

The files stay commented for whoever maintains them; a tablet on a slow connection gets fewer bytes
(the interview script a quarter fewer: the page has a 60 KB budget, see
tests/browser/test_browser_page_weight.py). Only what cannot change the meaning is removed: whole
comment lines, comments at a line's end with no quote after them, CSS block comments, leading
whitespace and empty lines. No build step:
the compact text is made on first request and kept until the file changes.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from flask import Flask, current_app, send_file
from flask.typing import ResponseReturnValue

COMPACTED = {".js": "text/javascript", ".css": "text/css"}
FOLDERS = ("js/", "css/")
JS_LINE_COMMENT = re.compile(r"^\s*//.*$\n?|\s+//\s[^\"'\n]*$", re.MULTILINE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
INDENT = re.compile(r"^[ \t]+|^\s*$\n", re.MULTILINE)

_cache: dict[Path, tuple[float, bytes]] = {}


def compact(text: str, suffix: str) -> str:
    """The text without comments, indentation and empty lines."""
    text = JS_LINE_COMMENT.sub("", text) if suffix == ".js" else CSS_COMMENT.sub("", text)
    return INDENT.sub("", text)


def compacted_bytes(path: Path) -> tuple[float, bytes]:
    """The compact text of a file and its modification time, made once per version of the file."""
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, compact(path.read_text(encoding="utf-8"), path.suffix).encode())
        _cache[path] = cached
    return cached


def static_file(filename: str) -> ResponseReturnValue:
    """Flask's static view, compacting the pages' scripts and style sheets."""
    folder = Path(current_app.static_folder or "")
    path = (folder / filename).resolve()
    compactable = filename.startswith(FOLDERS) and path.suffix in COMPACTED
    if not compactable or not path.is_relative_to(folder.resolve()) or not path.is_file():
        return current_app.send_static_file(filename)
    mtime, data = compacted_bytes(path)
    return send_file(
        BytesIO(data),
        mimetype=COMPACTED[path.suffix],
        etag=f"{mtime}-{len(data)}",
        last_modified=mtime,
        max_age=current_app.get_send_file_max_age(filename),
    )


def init_assets(app: Flask) -> None:
    """Serve static files through `static_file`."""
    app.view_functions["static"] = static_file
