"""Finding another tool's selections in our text, or saying that they cannot be found.

Tools count positions differently: CRLF as one character (ATLAS.ti) or two (MAXQDA), a BOM or
not, code points or UTF-16 units (emoji take two), and text not in NFC. Each way of counting is
one `Counting`; per source the one whose selections begin and end on word boundaries (and match
the selection's name, where a tool writes the quoted text there) wins. The quoted text then has to
be found in our document: at the same place when the text is ours, otherwise by the quote and its
context, which must occur exactly once. Nothing else is ever attached.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass

from interview.exchange.texts import SourceText

CONTEXTS = (0, 16, 48, 160)
CITATION_NAME = re.compile(r"^\d+:\d+$")


@dataclass(frozen=True)
class Counting:
    """One way of counting positions in a raw text."""

    crlf_two: bool
    utf16: bool
    bom: bool


CRLF = re.compile("\r\n")
ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class NormalText:
    """A raw text in NFC with LF line ends, and where each raw character went."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        simple = raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        if unicodedata.is_normalized("NFC", simple):
            # Only a BOM and CRs to drop: each character keeps its place less what went before.
            dropped = [0] * (len(raw) + 1)
            for match in CRLF.finditer(raw):
                dropped[match.start() + 1] = 1
            if raw.startswith("\ufeff"):
                dropped[1] = 1
            self.raw_to_norm = [i - d for i, d in enumerate(itertools.accumulate(dropped))]
            self.text = simple
        else:
            self._compose(raw)

    def _compose(self, raw: str) -> None:
        """The slow way, for text that NFC changes: combining sequences are composed."""
        pieces, self.raw_to_norm, length, index = [], [], 0, 0
        while index < len(raw):
            if index == 0 and raw[0] == "\ufeff":
                chunk, piece = 1, ""
            elif raw.startswith("\r\n", index):
                chunk, piece = 2, "\n"
            elif raw[index] == "\r":
                chunk, piece = 1, "\n"
            else:
                chunk = 1
                while index + chunk < len(raw) and unicodedata.combining(raw[index + chunk]):
                    chunk += 1
                piece = unicodedata.normalize("NFC", raw[index : index + chunk])
                if piece == raw[index : index + chunk]:
                    # Already NFC: every code point keeps its own position.
                    chunk, piece = 1, raw[index]
            self.raw_to_norm += [length] * chunk
            pieces.append(piece)
            length += len(piece)
            index += chunk
        self.raw_to_norm.append(length)
        self.text = "".join(pieces)

    def units(self, counting: Counting) -> list[int]:
        """The position (in the counting's units) at which each raw character starts."""
        weights = [1] * len(self.raw)
        if not counting.crlf_two:
            for match in CRLF.finditer(self.raw):
                weights[match.start()] = 0
        if counting.utf16:
            for match in ASTRAL.finditer(self.raw):
                weights[match.start()] = 2
        if self.raw.startswith("\ufeff") and not counting.bom:
            weights[0] = 0
        return [0, *itertools.accumulate(weights)]

    def countings(self) -> list[Counting]:
        """The ways of counting that give different positions in this text (plain first)."""
        crlf = [False, True] if "\r\n" in self.raw else [False]
        utf16 = [False, True] if ASTRAL.search(self.raw) else [False]
        bom = [False, True] if self.raw.startswith("\ufeff") else [False]
        return [Counting(*combo) for combo in itertools.product(crlf, utf16, bom)]


def to_normal(normal: NormalText, units: list[int], position: int) -> int | None:
    """A position in units as a position in the normal text (None past the end)."""
    if position < 0 or position > units[-1]:
        return None
    return normal.raw_to_norm[bisect.bisect_left(units, position)]


def spans(normal: NormalText, counting: Counting, selections) -> list[tuple[int, int] | None]:
    """Each selection's (start, end) in the normal text under one counting."""
    units = normal.units(counting)
    found = []
    for selection in selections:
        start, end = (to_normal(normal, units, p) for p in (selection.start, selection.end))
        found.append(
            (start, end) if start is not None and end is not None and start < end else None
        )
    return found


def score(text: str, span: tuple[int, int] | None, name: str) -> int:
    """How much a span looks like a deliberate selection: word boundaries, its name matching."""
    if span is None:
        return -4
    start, end = span
    points = 0
    if start == 0 or not (text[start - 1].isalnum() and text[start].isalnum()):
        points += 1
    if end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum()):
        points += 1
    name = unicodedata.normalize("NFC", name.replace("\r\n", "\n"))
    if name and not CITATION_NAME.match(name):
        quote = text[start:end]
        if quote == name:
            points += 6
        elif " ".join(quote.split()) == " ".join(name.split()):
            points += 4
        elif quote.startswith(name):  # tools cut long quotes short in the name
            points += 3
    return points


def best_spans(normal: NormalText, selections) -> list[tuple[int, int] | None]:
    """The selections' spans under the counting that fits them best (the plain one on a tie)."""
    best, best_score = None, None
    for counting in normal.countings():
        found = spans(normal, counting, selections)
        total = sum(
            score(normal.text, s, sel.name) for s, sel in zip(found, selections, strict=True)
        )
        if best_score is None or total > best_score:
            best, best_score = found, total
    return best or []


def locate(
    normal: NormalText, span: tuple[int, int], ours: SourceText
) -> tuple[int, int, str] | None:
    """The span's quote in our document: (start, end, 'exact' or 'relocated'), or None."""
    start, end = span
    quote = normal.text[start:end]
    if normal.text == ours.text:
        ds, de = ours.to_document(start), ours.to_document(end, end=True)
        if ds is not None and de is not None and ours.document_text[ds:de] == quote:
            return ds, de, "exact"
    document = ours.document_text
    for width in CONTEXTS:
        before = normal.text[max(0, start - width) : start]
        after = normal.text[end : end + width]
        needle = before + quote + after
        first = document.find(needle)
        if first < 0:
            return None
        if document.find(needle, first + 1) < 0:
            ds = first + len(before)
            return ds, ds + len(quote), "relocated"
    return None
