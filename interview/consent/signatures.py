"""Server-side checks for signature-pad data, and its rendering as SVG.

The pad (static/js/signature.js) posts JSON in a hidden input::

    {"v": 1, "w": <canvas CSS width>, "h": <CSS height>, "strokes": [[x0, y0, x1, y1, ...], ...]}

with integer CSS-pixel coordinates within 0..w and 0..h. The browser is never trusted: every
SignatureError message is written for the person signing, so a form can show it under the pad
(``raise ValidationError(error.message)``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask_babel import lazy_gettext as _l

MAX_BYTES = 200 * 1024
MIN_SIDE, MAX_SIDE = 50, 4000
MAX_STROKES = 1000
MIN_POINTS = 5
# A drawing smaller than this both ways is a dot or a slip of the finger, not a signature.
MIN_EXTENT = 10
KEYS = frozenset({"v", "w", "h", "strokes"})

MESSAGES = {
    "empty": _l("Please sign in the box."),
    "too_large": _l("The signature is too large to save. Please clear the box and sign again."),
    "not_json": _l("The signature could not be read. Please clear the box and sign again."),
    "structure": _l(
        "The signature data has parts missing or unexpected parts. "
        "Please clear the box and sign again."
    ),
    "version": _l(
        "The signature was made with an older version of this page. "
        "Please reload the page and sign again."
    ),
    "canvas": _l(
        "The signature box reported an impossible size. Please reload the page and sign again."
    ),
    "too_many_strokes": _l(
        "The signature has too many strokes (at most %(max)d). "
        "Please clear the box and sign again.",
        max=MAX_STROKES,
    ),
    "not_integer": _l(
        "The signature contains a point that is not a whole pixel. "
        "Please clear the box and sign again."
    ),
    "odd_length": _l(
        "The signature contains an incomplete point. Please clear the box and sign again."
    ),
    "out_of_bounds": _l(
        "The signature goes outside the signature box. Please clear the box and sign again."
    ),
    "too_few_points": _l("The signature is too short. Please sign with your full signature."),
    "too_small": _l("The signature is too small. Please sign larger, using more of the box."),
}


class SignatureError(ValueError):
    """Signature data the server refuses; ``message`` is what to show the person signing."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


def validate_signature(raw: str | None) -> dict[str, Any]:
    """Check posted signature-pad JSON and return it normalised, or raise SignatureError."""
    data = _parse(raw)
    width, height = _check_header(data)
    strokes = [_check_stroke(stroke, width, height) for stroke in data["strokes"]]
    # A stroke without points draws nothing; dropping it keeps stored records minimal.
    strokes = [stroke for stroke in strokes if stroke]
    _check_substance(strokes)
    return {"v": 1, "w": width, "h": height, "strokes": strokes}


def signature_svg(signature: dict[str, Any], *, stroke_width: float = 2.0) -> str:
    """Render a validated signature as a standalone SVG document, one <path> per stroke."""
    width, height = int(signature["w"]), int(signature["h"])
    line = float(stroke_width)
    if not math.isfinite(line) or line <= 0:
        raise ValueError("stroke_width must be a positive number")
    # Every value below goes through int()/float(), so the string is safe to mark as Markup.
    paths = "".join(f'<path d="{_path_data(s)}"/>' for s in signature["strokes"] if s)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}">'
        f'<g fill="none" stroke="#000" stroke-width="{_num(line)}"'
        f' stroke-linecap="round" stroke-linejoin="round">{paths}</g></svg>'
    )


def _parse(raw: str | None) -> Any:
    """Decode the raw field value after the size and emptiness checks."""
    # Measured before parsing: the limit exists to spare the server from decoding huge bodies.
    if raw and (len(raw) > MAX_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_BYTES):
        raise SignatureError("too_large")
    if raw is None or not raw.strip():
        raise SignatureError("empty")
    try:
        return json.loads(raw)
    # ValueError covers JSONDecodeError and integers past Python's digit limit;
    # RecursionError covers deeply nested arrays.
    except (ValueError, RecursionError) as exc:
        raise SignatureError("not_json") from exc


def _check_header(data: Any) -> tuple[int, int]:
    """Check keys, version, canvas size and stroke count; return the canvas width and height."""
    if not isinstance(data, dict) or set(data) != KEYS or not isinstance(data["strokes"], list):
        raise SignatureError("structure")
    if not _is_int(data["v"]) or data["v"] != 1:
        raise SignatureError("version")
    width, height = data["w"], data["h"]
    if not all(_is_int(n) and MIN_SIDE <= n <= MAX_SIDE for n in (width, height)):
        raise SignatureError("canvas")
    if len(data["strokes"]) > MAX_STROKES:
        raise SignatureError("too_many_strokes")
    return width, height


def _check_stroke(stroke: Any, width: int, height: int) -> list[int]:
    """Check one flat [x0, y0, x1, y1, ...] stroke against the canvas bounds."""
    if not isinstance(stroke, list):
        raise SignatureError("structure")
    if not all(_is_int(n) for n in stroke):
        raise SignatureError("not_integer")
    if len(stroke) % 2:
        raise SignatureError("odd_length")
    if not all(0 <= x <= width for x in stroke[0::2]) or not all(
        0 <= y <= height for y in stroke[1::2]
    ):
        raise SignatureError("out_of_bounds")
    return list(stroke)


def _check_substance(strokes: list[list[int]]) -> None:
    """Refuse drawings with too little in them to count as a signature."""
    if not strokes:
        raise SignatureError("empty")
    if sum(len(stroke) for stroke in strokes) // 2 < MIN_POINTS:
        raise SignatureError("too_few_points")
    xs = [x for stroke in strokes for x in stroke[0::2]]
    ys = [y for stroke in strokes for y in stroke[1::2]]
    if max(xs) - min(xs) < MIN_EXTENT and max(ys) - min(ys) < MIN_EXTENT:
        raise SignatureError("too_small")


def _is_int(value: Any) -> bool:
    """True for a real int; JSON true/false arrive as bool, which Python counts as int."""
    return isinstance(value, int) and not isinstance(value, bool)


def _path_data(stroke: list[int]) -> str:
    """SVG path data through a stroke's points, smoothed the same way the pad draws it."""
    points = [(int(x), int(y)) for x, y in zip(stroke[0::2], stroke[1::2], strict=True)]
    (x0, y0), (xn, yn) = points[0], points[-1]
    if len(points) == 1:
        # A tap: a zero-length segment may be dropped by renderers; a tiny one shows as a dot.
        return f"M{x0} {y0}L{_num(x0 + 0.01)} {y0}"
    # Quadratic curves through each point, ending at the midpoint to the next one.
    curves = "".join(
        f"Q{cx} {cy} {_num((cx + nx) / 2)} {_num((cy + ny) / 2)}"
        for (cx, cy), (nx, ny) in zip(points[1:-1], points[2:], strict=True)
    )
    return f"M{x0} {y0}{curves}L{xn} {yn}"


def _num(value: float) -> str:
    """Format a number compactly for SVG: at most two decimals, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
