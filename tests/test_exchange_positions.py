"""Property: every exported selection's positions give exactly its quoted text, in every script."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from interview.exchange.locate import NormalText, best_spans, locate
from interview.exchange.reader import ForeignSelection
from interview.exchange.texts import source_text

LETTERS = "abcčdšežzž ČŠŽ.,\n" + "🙂👩‍👧🇸🇮" + "e\u0301a\u0308"  # emoji, ZWJ, flags, marks
text_st = st.text(alphabet=LETTERS, min_size=1, max_size=80).map(
    lambda t: unicodedata.normalize("NFC", t)
)


@st.composite
def documents(draw):
    """A document of passages with headings before some, and spans over its text."""
    passages = draw(st.lists(text_st, min_size=1, max_size=5))
    text, headings = "", []
    for passage in passages:
        if text:
            text += "\n\n"
        if draw(st.booleans()):
            headings.append({"offset": len(text), "level": 2, "text": draw(text_st).strip() or "Q"})
        text += passage
    bounds = st.integers(0, len(text))
    spans = draw(st.lists(st.tuples(bounds, bounds), max_size=8))
    return text, headings, [(min(a, b), max(a, b)) for a, b in spans if a != b]


@settings(max_examples=300, deadline=None)
@given(documents())
def test_the_written_text_between_a_selections_positions_is_its_quote(case):
    text, headings, spans = case
    written = source_text(text, headings)
    for start, end in spans:
        pieces = written.pieces(start, end)
        assert "".join(text[a:b] for a, b, _s, _e in pieces) == text[start:end]
        for a, b, s, e in pieces:
            assert written.text[s:e] == text[a:b]
            assert (written.to_document(s), written.to_document(e, end=True)) == (a, b)


@settings(max_examples=200, deadline=None)
@given(documents(), st.booleans(), st.booleans())
def test_a_tool_counting_crlf_or_utf16_gets_the_same_words_back(case, crlf_two, utf16):
    text, headings, spans = case
    written = source_text(text, headings)
    raw = written.text.replace("\n", "\r\n")
    selections = []
    for _a, _b, s, e in (p for start, end in spans for p in written.pieces(start, end)):

        def units(position: int) -> int:
            before = written.text[:position]
            extra = before.count("\n") if crlf_two else 0
            wide = sum(1 for c in before if ord(c) > 0xFFFF) if utf16 else 0
            return position + extra + wide

        selections.append(
            ForeignSelection("g", written.text[s:e], units(s), units(e), (), None, "")
        )
    normal = NormalText(raw)
    assert normal.text == written.text
    for selection, span in zip(selections, best_spans(normal, selections), strict=True):
        found = locate(normal, span, written)
        # Never the wrong words: a span is found at its words, or not at all.
        if found is not None:
            assert text[found[0] : found[1]] == selection.name
