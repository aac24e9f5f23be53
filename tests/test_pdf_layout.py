"""The coding PDF's cheaper layout: ids as margin text, answers' whitespace, long words."""

import io
from collections import Counter
from datetime import UTC, datetime

import pypdf
from pdf_helpers import add_answer, pdf_text

from interview.pdf.coding import coding_html, display_text, has_long_word, render_coding_pdf
from interview.record.synthetic import make_record

LEFT_MARGIN_CM = 2.8  # coding.css: @page margin-left
ID_INDENT_CM = 2.0  # coding.css: .seg text-indent and tab-size
AT = datetime(2026, 11, 26, tzinfo=UTC)


def _positions(pdf: bytes, page: int) -> list[tuple[float, str]]:
    """Return (x, text) of each text run drawn on ``page``."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((cm[4] + tm[4], text.strip()))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def test_segment_ids_are_text_in_the_left_margin():
    pdf = render_coding_pdf(make_record(paragraphs_per_answer=1))
    runs = _positions(pdf, 2)
    column = Counter(round(x, 1) for x, _ in runs).most_common(1)[0][0]
    per_cm = column / LEFT_MARGIN_CM  # whatever the unit of the page's transform
    ids = [x for x, text in runs if text.split()[0].startswith("5¶")]
    assert len(ids) >= 3
    for x in ids:
        assert abs((column - x) / per_cm - ID_INDENT_CM) < 0.05


def test_answers_carry_no_element_ids_and_no_id_boxes():
    # Every id becomes a PDF anchor and every extra box costs layout time (bench/bench_pdf.py).
    html = coding_html(make_record(), AT)
    assert 'id="seg-' not in html and 'class="sid"' not in html
    assert 'data-seg="1">5¶1\t' in html


def test_answer_whitespace_collapses_as_before_but_newlines_stay():
    assert display_text("a\tb   c\n  d  ") == "a b c\nd"
    record = add_answer(make_record(paragraphs_per_answer=1), "tab\there  and\nthere")
    assert "tab here and there" in pdf_text(render_coding_pdf(record))


def test_only_answers_with_very_long_runs_may_break_words():
    assert not has_long_word("ordinary words, even Psychotherapieerfahrungen")
    token = "https://example.org/" + "x" * 150
    assert has_long_word(f"see {token}")
    record = add_answer(make_record(paragraphs_per_answer=1), f"see {token} here")
    html = coding_html(record, AT)
    assert html.count("seg long-words") == 1
    text = pdf_text(render_coding_pdf(record)).replace(" ", "")
    assert token in text
