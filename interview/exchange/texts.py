"""The source text we write for a participant: the coded document with its headings as lines.

The coding document keeps headings beside the text (they cannot be coded); another tool shows only
the text, so the export writes each heading as a paragraph of its own before the passage it heads.
`SourceText` maps code-point positions both ways between the document and the written text.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

HEADING_END = "\n\n"


@dataclass(frozen=True)
class SourceText:
    """The written text and where heading blocks were inserted (document offsets, lengths)."""

    text: str
    document_text: str
    offsets: tuple[int, ...]
    cumulative: tuple[int, ...]  # characters inserted at or before each offset

    def to_source(self, position: int, *, end: bool = False) -> int:
        """A document position in the written text; an end stays before the next heading."""
        find = bisect.bisect_left if end else bisect.bisect_right
        index = find(self.offsets, position)
        return position + (self.cumulative[index - 1] if index else 0)

    def to_document(self, position: int, *, end: bool = False) -> int | None:
        """A position of the written text in the document; None inside a heading."""
        index = bisect.bisect_right(self.starts, position) - 1
        if index < 0:
            return position
        block_end = self.offsets[index] + self.cumulative[index]
        if position >= block_end:
            return position - self.cumulative[index]
        if end and position == self.starts[index]:
            return self.offsets[index]  # an end just before a heading
        return None

    def pieces(self, start: int, end: int) -> list[tuple[int, int, int, int]]:
        """A document span as (start, end, source start, source end) pieces, split at headings.

        A passage that runs across a heading cannot be one selection of the written text (the
        heading would be inside it), so it becomes one selection per side of each heading.
        """
        cuts = [o for o in self.offsets if start < o < end]
        bounds = [start, *cuts, end]
        return [
            (a, b, self.to_source(a), self.to_source(b, end=True))
            for a, b in itertools.pairwise(bounds)
        ]

    @property
    def starts(self) -> list[int]:
        """Where each heading block starts in the written text."""
        return [
            offset + (self.cumulative[i - 1] if i else 0) for i, offset in enumerate(self.offsets)
        ]


def source_text(document_text: str, headings: Iterable[dict[str, Any]]) -> SourceText:
    """Write the headings into the text, each as a paragraph before the character it heads."""
    grouped: dict[int, list[str]] = {}
    for heading in sorted(headings, key=lambda h: h["offset"]):
        grouped.setdefault(int(heading["offset"]), []).append(heading["text"])
    pieces, offsets, cumulative, last, inserted = [], [], [], 0, 0
    for offset in sorted(grouped):
        block = "".join(text + HEADING_END for text in grouped[offset])
        pieces += [document_text[last:offset], block]
        inserted += len(block)
        offsets.append(offset)
        cumulative.append(inserted)
        last = offset
    pieces.append(document_text[last:])
    return SourceText("".join(pieces), document_text, tuple(offsets), tuple(cumulative))


def heading_positions(headings: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Where each heading's words start in the written text, in the order `source_text` writes."""
    placed, inserted = [], 0
    for heading in sorted(headings, key=lambda h: int(h["offset"])):
        placed.append((int(heading["offset"]) + inserted, heading))
        inserted += len(heading["text"]) + len(HEADING_END)
    return placed
