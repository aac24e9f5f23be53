"""Untrusted input, checked at one depth: JSON bodies, whole numbers, characters, file parts.

Every JSON endpoint reads its body through `json_body`, every number that arrives as text goes
through `parse_int` (or the ``<id:…>`` URL converter), and `refuse_bad_input` runs before every
view. A malformed value thus becomes a 400 with a message the user can act on, before any code
can choke on it, and nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import BaseConverter

# The largest id or count any column holds (PostgreSQL's INTEGER); larger numbers exist nowhere.
MAX_INT = 2**31 - 1
# Characters nobody types and no export can carry: XML 1.0 (PDF/A metadata, .xlsx) forbids the
# C0 controls but tab, line feed and carriage return; PostgreSQL refuses NUL; a lone surrogate
# (only JSON can send one) cannot be encoded as UTF-8 at all.
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class BadInput(BadRequest):
    """A malformed value: a 400 whose description is shown to the user as it is."""

    error = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(description=message)


def parse_int(value: Any, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """A whole number written in ASCII digits within the bounds, else None (never an exception).

    ``str.isdigit`` accepts "³" and "٣", which ``int`` refuses or reads; only 0-9 count here.
    """
    if not isinstance(value, str) or not 0 < len(value) <= len(str(maximum)):
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (a forbidden character), or None when it can."""
    match = FORBIDDEN_CHARACTER.search(text)
    if match is None:
        return None
    return _(
        "The text holds an invisible control character (U+%(code)s) that cannot be stored. "
        "Remove it and try again; nothing was saved.",
        code=f"{ord(match.group()):04X}",
    )


def printable(text: str) -> str:
    """``text`` with every forbidden character shown as U+FFFD, safe to put back on a page."""
    return FORBIDDEN_CHARACTER.sub("\ufffd", text)


def json_problem(payload: Any) -> str | None:
    """The first reason a parsed JSON value cannot be stored, walking it without recursion."""
    pending = [payload]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                return problem
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return None


def json_body() -> Any:
    """The request's JSON body; a BadInput (400) for anything that is not clean JSON."""
    if not request.is_json:
        raise BadInput(_("Send the data as JSON."))
    try:
        payload = request.get_json()
    except BadRequest:
        raise BadInput(_("The data sent is not valid JSON. Nothing was saved.")) from None
    except RecursionError:
        # The JSON parser gives up on deep nesting with RecursionError, which Flask lets through.
        raise BadInput(_("The data sent is nested too deeply. Nothing was saved.")) from None
    problem = json_problem(payload)
    if problem:
        raise BadInput(problem)
    return payload


def takes_files(*fields: str, max_bytes: int | None = None) -> Callable[[Callable], Callable]:
    """Mark a view whose form takes a file in these fields (a file anywhere else is refused),
    and, when given, the larger body it accepts (every other request keeps MAX_CONTENT_LENGTH)."""

    def mark(view: Callable) -> Callable:
        view.file_fields = frozenset(fields)
        view.max_body_bytes = max_bytes
        return view

    return mark


def refuse_bad_input() -> None:
    """Before every view: file parts only where the view takes them, no forbidden characters."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "max_body_bytes", None):
        request.max_content_length = view.max_body_bytes
    if set(request.files) - getattr(view, "file_fields", frozenset()):
        raise BadInput(_("This form does not take files. Nothing was saved."))
    problem = text_problem(request.path)
    if problem:
        raise BadInput(problem)
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            problem = text_problem(key) or text_problem(value)
            if problem:
                raise BadInput(problem)


class IdConverter(BaseConverter):
    """``<id:name>``: a positive whole number in a URL; anything else is a 400 with a message."""

    regex = "[^/]+"

    def to_python(self, value: str) -> int:
        number = parse_int(value, minimum=1)
        if number is None:
            message = _('"%(value)s" in the address is not a number.', value=printable(value[:40]))
            raise BadInput(message)
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def init_inputs(app: Flask) -> None:
    """Install the URL converter (before any blueprint uses it) and the check before every view."""
    app.url_map.converters["id"] = IdConverter
    app.before_request(refuse_bad_input)
