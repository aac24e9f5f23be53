"""Finding listed terms in a text and replacing them with numbered labels.

Plain functions on plain data (no Flask, no database): the export workers call them too.
Offsets are Unicode code points, end exclusive, like the coding document's.

A term is matched word by word on the text's words (Unicode, NFC, case-folded, whole words): each
word of the term matches itself, its generated Slovenian and English forms and any word sharing
its simplemma lemma (``interview.redaction.inflection``), and the words of a text must be separated as
the term's are (whitespace, line breaks included, or the same punctuation). A term without letters
(a phone number, a date) matches its digits whatever the separators between its groups.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from interview.models.redaction import KINDS
from interview.redaction.inflection import declined_forms, fold, term_lemmas, token_lemmas


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


# A word: letters, digits and combining marks (a decomposed č stays one word), with apostrophes
# inside it (O'Brien, Sarah's, I'm).
WORD = re.compile(r"[\w\u0300-\u036f]+(?:['’][\w\u0300-\u036f]+)*")
APOSTROPHES = "'’"
DIGIT_SEPARATORS = r"[\s\-./()]*"
PUNCTUATION = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "’": "'"})

# How a word matched, best first: where two terms find the same words, the closer match wins
# (the listed "Peter" over "Petra", whose lemma is Peter).
EXACT, FORM, LEMMA = 0, 1, 2


def _gap(text: str) -> str:
    """What separates two words, as compared: whitespace dropped, dashes and apostrophes unified."""
    return "".join(text.split()).translate(PUNCTUATION)


def _key(word: str) -> str:
    """A word as looked up among the forms: folded, one apostrophe."""
    return fold(word).replace("’", "'")


def _base(word: str) -> str:
    """A word without its English possessive: Sarah's → Sarah."""
    if len(word) > 2 and word[-2] in APOSTROPHES and word[-1] in "sS":
        return word[:-2]
    return word


@dataclass
class _Compiled:
    """The terms ready to match: for each folded form and lemma, the (term, word) it matches."""

    terms: tuple[Term, ...]
    words: list[int] = field(default_factory=list)  # how many words each term has
    gaps: list[list[str]] = field(default_factory=list)  # what separates them
    forms: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)
    lemmas: dict[tuple[str, str], set[tuple[int, int]]] = field(default_factory=dict)
    patterns: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)

    def add(self, index: int, term: Term) -> None:
        """Index one term: its words' forms and lemmas, or its digits' pattern."""
        text = unicodedata.normalize("NFC", term.text)
        spans = [match.span() for match in WORD.finditer(text)]
        self.words.append(0)
        self.gaps.append([_gap(text[a[1] : b[0]]) for a, b in itertools.pairwise(spans)])
        if sum(character.isalnum() for character in text) < 2:
            return  # shorter than two letters: never matches
        if not any(character.isalpha() for character in text):
            self.patterns.append((index, _digits_pattern(text)))
            return
        self.words[-1] = len(spans)
        for position, (start, end) in enumerate(spans):
            self._add_word((index, position), _base(text[start:end]))

    def _add_word(self, place: tuple[int, int], word: str) -> None:
        """The word's forms (folded) and its lemmas (from the word as written)."""
        folded = _key(word)
        for form in declined_forms(word) if folded.isalpha() else {folded}:
            quality = EXACT if form == folded else FORM
            known = self.forms.setdefault(form, {})
            known[place] = min(known.get(place, LEMMA), quality)
        if folded.isalpha():
            for pair in term_lemmas(word):
                self.lemmas.setdefault(pair, set()).add(place)

    def matches(self, word: str) -> dict[tuple[int, int], int]:
        """(term, word) → how well a word of a text matches that word of a term."""
        base = _base(word)
        found: dict[tuple[int, int], int] = {}
        for candidate in {_key(word), _key(base)}:
            for place, quality in self.forms.get(candidate, {}).items():
                found[place] = min(found.get(place, LEMMA), quality)
        for pair in token_lemmas(base):
            for place in self.lemmas.get(pair, ()):
                found.setdefault(place, LEMMA)
        return found


def _digits_pattern(text: str) -> re.Pattern[str]:
    """A term of digits (a phone number, a date): its groups in order, any separators between
    them, and a leading + if it has one."""
    groups = re.findall(r"\d+", text)
    plus = r"\+?" if text.lstrip().startswith("+") else ""
    return re.compile(rf"(?<![\d+]){plus}{DIGIT_SEPARATORS.join(groups)}(?!\d)")


@functools.lru_cache(maxsize=64)
def _compile(terms: tuple[Term, ...]) -> _Compiled:
    compiled = _Compiled(terms)
    for index, term in enumerate(terms):
        compiled.add(index, term)
    return compiled


class _Candidate(NamedTuple):
    """A possible hit: where, how closely its words matched (lower is closer), which term."""

    start: int
    end: int
    quality: int
    order: int

    def rank(self) -> tuple[int, int, int, int]:
        """How overlaps are settled: longest first, then earliest, then the closest match, then
        the term listed first."""
        return (self.start - self.end, self.start, self.quality, self.order)


def _word_hits(text: str, compiled: _Compiled) -> list[_Candidate]:
    """Every run of words of the text that matches a term's words, separated as the term's are."""
    tokens = [(match.start(), match.end(), match.group()) for match in WORD.finditer(text)]
    seen: dict[str, dict[tuple[int, int], int]] = {}

    def matches(word: str) -> dict[tuple[int, int], int]:
        if word not in seen:
            seen[word] = compiled.matches(word)
        return seen[word]

    candidates = []
    for first, (start, _end, word) in enumerate(tokens):
        for (term, position), quality in matches(word).items():
            count = compiled.words[term]
            if position != 0 or first + count > len(tokens):
                continue
            for offset in range(1, count):
                previous, current = tokens[first + offset - 1], tokens[first + offset]
                found = matches(current[2]).get((term, offset))
                gap = _gap(text[previous[1] : current[0]])
                if found is None or gap != compiled.gaps[term][offset - 1]:
                    break
                quality += found
            else:
                end = _plural_possessive(text, tokens[first + count - 1])
                candidates.append(_Candidate(start, end, quality, term))
    return candidates


def _plural_possessive(text: str, token: tuple[int, int, str]) -> int:
    """The end of a hit, taking in the apostrophe of an English plural possessive (the Novaks')."""
    end = token[1]
    if (
        token[2][-1] in "sS"
        and text[end : end + 1] in tuple(APOSTROPHES)
        and (end + 1 == len(text) or text[end + 1].isspace())
    ):
        return end + 1
    return end


def find_hits(text: str, terms: Sequence[Term]) -> list[Hit]:
    """Every place a listed term occurs in `text`, in text order, never overlapping (the longest
    wins where two terms overlap, then the earlier); whole words, case-insensitive, inflected
    forms included."""
    if not text or not terms:
        return []
    return list(_hits(text, tuple(terms)))


# One export reads each text several times (numbering the labels, the review gate, the redaction
# itself): the hits of the last few hundred texts are kept, at a few bytes per hit.
@functools.lru_cache(maxsize=512)
def _hits(text: str, terms: tuple[Term, ...]) -> tuple[Hit, ...]:
    """find_hits, on hashable arguments."""
    compiled = _compile(terms)
    candidates = _word_hits(text, compiled)
    for order, pattern in compiled.patterns:
        for match in pattern.finditer(text):
            candidates.append(_Candidate(match.start(), match.end(), EXACT, order))
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=_Candidate.rank):
        index = bisect.bisect_left(starts, candidate.start)
        if index < len(chosen) and chosen[index].start < candidate.end:
            continue
        if index > 0 and chosen[index - 1].end > candidate.start:
            continue
        starts.insert(index, candidate.start)
        chosen.insert(index, candidate)
    return tuple(
        Hit(c.start, c.end, compiled.terms[c.order], text[c.start : c.end]) for c in chosen
    )


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
        return moved(offset, starts, self.spans, end)

    def original(self, offset: int, *, end: bool = False) -> int:
        """Where an offset of the redacted text falls in the original one (the reverse of
        `position`). An offset inside a label moves to its term's start, or (``end=True``) to its
        term's end: a passage another tool coded around part of a label holds the whole term."""
        starts = tuple(span[2] for span in self.spans)
        return moved(offset, starts, self.spans, end, back=True)


def moved(
    offset: int,
    starts: Sequence[int],
    spans: Sequence[tuple[int, int, int, int, str]],
    end: bool,
    *,
    back: bool = False,
) -> int:
    """An offset carried through the replaced spans, from the original text to the redacted one
    (or `back`); `starts` are the spans' starts in the text it comes from. Inside a span it goes
    to the other side's start, or (`end`) to its end."""
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return offset
    old_start, old_end, new_start, new_end, _label = spans[index]
    here, there = (
        ((new_start, new_end), (old_start, old_end))
        if back
        else ((old_start, old_end), (new_start, new_end))
    )
    if offset >= here[1]:
        return there[1] + (offset - here[1])
    if offset == here[0]:
        return there[0]
    return there[1] if end else there[0]


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
