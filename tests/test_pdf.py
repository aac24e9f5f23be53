"""The coding PDF: answers verbatim, ids, timestamps, ratings, page sizes, PDF/A, line numbers."""

import io
import json
import random
import re
from datetime import UTC, datetime

import pypdf
import pytest
from pdf_helpers import add_answer, pdf_lines, pdf_text, squash

from interview.pdf.coding import render_coding_pdf
from interview.record.synthetic import make_record

RENDERED_AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
DIACRITICS = "Čas šum žar ćuk đak — Äpfel, Öl, Übel, Straße; čšžćđ ČŠŽĆĐ äöüß ÄÖÜ"


def _long_answer() -> str:
    """Return a ~20 000-character answer: one very long paragraph and a short one."""
    rng = random.Random(7)
    words = ["because", "I", "felt", "heard", "žalost", "Größe", "and", "then", "we", "talked"]
    long_paragraph = " ".join(rng.choice(words) for _ in range(3400))[:19_800]
    return f"{long_paragraph}.\n\n{DIACRITICS}"


@pytest.fixture(scope="module")
def record() -> dict:
    """A synthetic record plus a 20 000-character answer spanning several pages."""
    return add_answer(make_record(), _long_answer())


@pytest.fixture(scope="module")
def pdf(record: dict) -> bytes:
    """The coding PDF of ``record`` on A4."""
    return render_coding_pdf(record, rendered_at=RENDERED_AT)


@pytest.fixture(scope="module")
def text(pdf: bytes) -> str:
    """The coding PDF's whole text, whitespace-normalised."""
    return pdf_text(pdf)


def _questions(record: dict) -> list[dict]:
    return [q for section in record["interview"]["sections"] for q in section["questions"]]


def _segments(record: dict) -> list[dict]:
    return [segment for q in _questions(record) for segment in q["segments"]]


def test_every_answer_appears_verbatim_after_its_segment_id(record, text):
    segments = _segments(record)
    assert len(segments) > 60
    for segment in segments:
        assert f"{segment['id']} {squash(segment['text'])}" in text


def test_long_answer_flows_over_several_pages(record, pdf):
    long_id = _segments(record)[-2]["id"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [p.extract_text() for p in reader.pages]
    start = next(i for i, page in enumerate(pages) if long_id in page)
    end = next(i for i, page in enumerate(pages) if DIACRITICS[:10] in page)
    assert end - start >= 2


def test_diacritics_survive_extraction(text):
    assert DIACRITICS in text
    for char in "čšžćđČŠŽĆĐäöüßÄÖÜ":
        assert char in text


def test_questions_prompts_timestamps_and_skips(record, text):
    for question in _questions(record):
        assert squash(question["text"]) in text
        for prompt in question["prompts"]:
            assert prompt in text
        seconds = question["opened_offset"]
        stamp = f"[{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}]"
        assert stamp in text
    assert "[0:01:05]" in text and "[0:59:59]" in text
    assert text.count("Skipped.") == 1
    assert "(interviewer's own follow-up)" in text


def test_segment_ids_sit_in_the_left_margin(pdf):
    # Extraction keeps the id on the line where the segment's text starts.
    first = next(line for line in pdf_lines(pdf) if line.startswith("5¶1 "))
    assert len(first) > 20


def test_cover_has_codes_times_instruments_and_consent(record, text):
    cover = text[: text.index("Demographic questionnaire")]
    for expected in ("P05", "T03", "anna", "2026-11-25", "2026-11-25 14:03 UTC", "0:47:39",
                     "signed, version 1.0, 2026-11-25 13:58 UTC",
                     "change-interview version 1.0", "demographics version 1.0",
                     "2026-11-26 09:30 UTC"):  # fmt: skip
        assert expected in cover


def test_demographics_table_shows_answers_as_given(record, text):
    # A label may wrap after its hyphen ("mental-" / "health"); extraction adds a space there.
    text = text.replace("- ", "-")
    for item in record["questionnaire"]["items"]:
        assert f"{item['number']}. {item['label']} {item['display']}" in text


def test_changes_table_has_kinds_and_ratings(record, text):
    changes = text[text.index("Changes and ratings") :]
    for change in record["interview"]["changes"]:
        assert squash(change["description"]) in changes
        assert change["kind_label"] in changes
        for rating in change["ratings"].values():
            if rating:
                assert f"{rating['value']} {rating['label']}" in changes
    assert "Likelihood without therapy" in changes


@pytest.mark.parametrize(("size", "points"), [("A4", (595.3, 841.9)), ("Letter", (612, 792))])
def test_page_size(size, points):
    pdf = render_coding_pdf(make_record(paragraphs_per_answer=1), page_size=size)
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == points


def test_unknown_page_size_is_refused():
    with pytest.raises(ValueError, match="page_size"):
        render_coding_pdf(make_record(), page_size="A3")


def test_running_header_and_page_of_pages(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    total = len(reader.pages)
    assert 10 <= total <= 25
    last = reader.pages[-1].extract_text()
    assert f"Page {total} of {total}" in last
    assert "P05 — coding record" in last
    assert "Changes and ratings" in reader.pages[-1].extract_text().splitlines()[-2]


def test_pdfa_embeds_the_record_as_canonical_json():
    record = make_record(paragraphs_per_answer=1)
    pdf = render_coding_pdf(record, pdfa=True, rendered_at=RENDERED_AT)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    (payload,) = set(reader.attachments["record.json"])
    assert json.loads(payload.decode("utf-8")) == record
    assert payload == json.dumps(record, sort_keys=True, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")  # fmt: skip
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_data()
    assert reader.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"


def test_missing_parts_are_shown_as_missing():
    record = make_record()
    record["questionnaire"] = None
    record["interview"] = {"status": "not_started", "instrument": None}
    record["consent"] = {"status": "none", "instrument": None, "date": None}
    text = pdf_text(render_coding_pdf(record))
    assert "No questionnaire recorded." in text
    assert "The interview has not been started." in text
    assert "Consent not asked" in text


def test_true_line_numbers_count_every_answer_line():
    record = make_record()
    pdf = render_coding_pdf(record, line_numbers=True)
    numbers, body = [], []
    lines = pdf_lines(pdf)
    for line in lines[: lines.index("Changes and ratings")]:
        match = re.match(r"^(\d+¶\d+ )?(\d+) (.*)$", line)
        if match:
            numbers.append(int(match[2]))
            line = (match[1] or "") + match[3]
        body.append(line)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) > 300
    text = squash(" ".join(body))
    for segment in _segments(record):
        assert f"{segment['id']} {squash(segment['text'])}" in text
