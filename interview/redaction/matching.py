"""Finding listed terms in a text and replacing them with numbered labels.

Plain functions on plain data (no Flask, no database): the export workers call them too.
Offsets are Unicode code points, end exclusive, like the coding document's.

CONTRACT STUB: exact, case-insensitive, whole-word matching only; the inflected forms
(Slovenian declension, simplemma lemmas) come with the engine's implementation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from interview.models.redaction import KINDS


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated later, in the record's language."""
    return message


# The label's word per kind (shown in capitals, numbered: "[PERSON 1]").
KIND_WORDS = {
    "person": N_("PERSON"),
    "place": N_("PLACE"),
    "organisation": N_("ORGANISATION"),
    "other": N_("OTHER"),
}
assert set(KIND_WORDS) == set(KINDS)


@dataclass(frozen=True)
class Term:
    """One term to replace: its text, its kind, and ``key``, the identity its label is numbered by.

    Several terms may share a key (the consent name's full name, first name and last name are one
    person). ``hidden`` terms (the consent name) are never shown to whoever reviews the hits.
    """

    text: str
    kind: str
    key: str
    hidden: bool = False


@dataclass(frozen=True)
class Hit:
    """One place a term was found: [start, end) in the text, the term, and the words found."""

    start: int
    end: int
    term: Term
    found: str


def find_hits(text: str, terms: Sequence[Term]) -> list[Hit]:
    """Every place a listed term occurs in `text`, in text order, never overlapping (the longest
    wins where two terms overlap); whole words, case-insensitive."""
    hits: list[Hit] = []
    for term in sorted(terms, key=lambda t: -len(t.text)):
        pattern = re.compile(rf"(?<!\w){re.escape(term.text)}(?!\w)", re.IGNORECASE)
        for match in pattern.finditer(text):
            if not any(h.start < match.end() and match.start() < h.end for h in hits):
                hits.append(Hit(match.start(), match.end(), term, match.group()))
    return sorted(hits, key=lambda h: h.start)


@dataclass(frozen=True)
class Redacted:
    """A text with its hits replaced: the new text and, per hit, (old start, old end, new start,
    new end, label)."""

    text: str
    spans: tuple[tuple[int, int, int, int, str], ...] = ()
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def position(self, offset: int, *, end: bool = False) -> int:
        """Where an offset of the original text falls in the redacted one. An offset inside a
        replaced term moves to its label's start, or (``end=True``) to its label's end, so a
        passage that cuts a name in two still quotes the whole label and none of the name."""
        starts = self._starts or tuple(span[0] for span in self.spans)
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0:
            return offset
        old_start, old_end, new_start, new_end, _label = self.spans[index]
        if offset >= old_end:
            return new_end + (offset - old_end)
        if offset == old_start:
            return new_start
        return new_end if end else new_start


def label_text(kind: str, number: int, gettext: Callable[[str], str]) -> str:
    """The label for the `number`th term of a kind: ``[PERSON 1]``, in the given translation."""
    return f"[{gettext(KIND_WORDS[kind])} {number}]"


class Redactor:
    """Replaces one participant's terms with labels numbered consistently across all their texts.

    Numbers go by first appearance, per kind, over `texts` in the order given (the record's texts
    in a fixed order), so every output made from the same record carries the same labels. A term
    first met in a later text (a coding document older than the record) takes the next number.
    """

    def __init__(
        self,
        terms: Sequence[Term],
        texts: Iterable[str] = (),
        gettext: Callable[[str], str] = lambda message: message,
    ) -> None:
        self.terms = tuple(terms)
        self.gettext = gettext
        self.numbers: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        for text in texts:
            for hit in find_hits(text, self.terms):
                self._number(hit.term)

    def _number(self, term: Term) -> int:
        if term.key not in self.numbers:
            self.counts[term.kind] = self.counts.get(term.kind, 0) + 1
            self.numbers[term.key] = self.counts[term.kind]
        return self.numbers[term.key]

    def label(self, term: Term) -> str:
        """The term's label, e.g. ``[PLACE 2]``."""
        return label_text(term.kind, self._number(term), self.gettext)

    def redact(self, text: str) -> Redacted:
        """The text with every hit replaced by its label, and the offset map."""
        if not text or not self.terms:
            return Redacted(text)
        pieces, spans, cursor, shift = [], [], 0, 0
        for hit in find_hits(text, self.terms):
            label = self.label(hit.term)
            pieces.append(text[cursor : hit.start])
            pieces.append(label)
            new_start = hit.start + shift
            spans.append((hit.start, hit.end, new_start, new_start + len(label), label))
            shift += len(label) - (hit.end - hit.start)
            cursor = hit.end
        pieces.append(text[cursor:])
        return Redacted("".join(pieces), tuple(spans), tuple(s[0] for s in spans))

    def redact_text(self, text: str | None) -> str | None:
        """Only the redacted text (None and empty stay as they are)."""
        return self.redact(text).text if text else text
