"""The pages' scripts and style sheets, sent without comments and needless white space.

The files stay commented and indented for whoever maintains them; a tablet on a slow connection
gets fewer bytes (the interview page has a 60 KB budget, see
tests/browser/test_browser_page_weight.py). Only what cannot change the meaning is removed. Strings,
regular expressions and comments are found first, so that nothing inside a string or a regular
expression is touched; between them, comments and white space go except where it separates two
words (`var x`), two signs that would merge (`a + +b`) or a number from its dot (`1 .x`). In
scripts a line break stays where it could end a statement; in style sheets none is needed. No build
step: the compact text is made on first request and kept until the file changes.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from flask import Flask, current_app, send_file
from flask.typing import ResponseReturnValue

COMPACTED = {".js": "text/javascript", ".css": "text/css"}
FOLDERS = ("js/", "css/")
STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
# A slash starts a regular expression where an expression starts: after an operator, an opening
# bracket, a comma, or a keyword such as `return`; elsewhere it divides.
JS_REGEXP = (
    r"(?:(?<=[(,=:\[!&|?{};+\-*%<>~^])|(?<=\breturn)|(?<=\btypeof)|(?<=\bcase))"
    r"[ \t]*/(?![/*])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*"
)
JS_LITERAL = re.compile(rf"{STRING}|{JS_REGEXP}|(?P<comment>//[^\n]*|/\*.*?\*/)", re.DOTALL)
CSS_LITERAL = re.compile(rf"{STRING}|(?P<comment>/\*.*?\*/)", re.DOTALL)
HELD = "\0"  # stands for a literal while the code around it is compacted; never in our files
SPACE = re.compile(r"(?<=(.))[ \t]+(?=(.))")
WORD = re.compile(r"[\w$]")
# A line break after these (or before a closing bracket) can never end a statement.
JS_JOIN = re.compile(r"(?<=[;{,(\[])\n|\n(?=[}\])])")
CSS_SPACE = re.compile(r"\s*([{};,>])\s*|(:)\s+")

_cache: dict[Path, tuple[float, bytes]] = {}


def compact(text: str, suffix: str) -> str:
    """The text without comments and needless white space, meaning unchanged."""
    literal = JS_LITERAL if suffix == ".js" else CSS_LITERAL
    kept: list[str] = []

    def hold(match: re.Match) -> str:
        if match.group("comment"):
            return " "
        kept.append(match.group().lstrip(" \t"))
        return HELD

    code = literal.sub(hold, text)
    if "`" in code:  # a template string: its text is not found above, so leave the script be
        return text
    code = compact_js(code) if suffix == ".js" else compact_css(code)
    held = iter(kept)
    return re.sub(HELD, lambda _: next(held), code).strip() + "\n"


def compact_js(code: str) -> str:
    """Script code (literals held out): spaces and line breaks go where they separate nothing."""
    code = re.sub(r"[ \t]*\n\s*", "\n", code)
    code = SPACE.sub(needed_space, code)
    return JS_JOIN.sub("", code)


def needed_space(match: re.Match) -> str:
    """One space between two words, two signs that would merge or a number and its dot."""
    before, after = match.group(1), match.group(2)
    words = WORD.match(before) and WORD.match(after)
    merging = before == after and before in "+-"
    return " " if words or merging or (before.isdigit() and after == ".") else ""


def compact_css(code: str) -> str:
    """Style sheet code (strings held out): one line, no space around punctuation or after ':'.

    A space before ':' stays (`a :hover` is not `a:hover`); after ':' it never matters.
    """
    code = re.sub(r"\s+", " ", code)
    code = CSS_SPACE.sub(lambda m: m.group(1) or m.group(2), code)
    return code.replace(";}", "}")


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
