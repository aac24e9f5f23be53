"""The coding PDF from a transcript: every turn's words in order, under its question, every line
numbered; the typed notes after it; the PDF/A's record.json holds the transcript."""

from __future__ import annotations

import io
import json
import re

import pypdf
from pdf_helpers import pdf_lines, squash

from interview.pdf.coding import render_coding_pdf
from interview.pdf.transcript import LINE_CHARACTERS
from interview.record.synthetic import make_record

NUMBERED = re.compile(r"^\s*(\d+)\s{2}(.*)$")


def transcript_record() -> dict:
    """A synthetic record with a transcript of about 2 000 words and a turn of long words."""
    record = make_record(transcript_words=2000)
    record["transcript"]["turns"][1]["text"] += " Čšžćđ-äöüß-" * 8 + " 😀 end."
    return record


def numbered_lines(lines: list[str]) -> list[tuple[int, str]]:
    """The (number, text) lines of the transcript part."""
    return [(int(m[1]), m[2]) for line in lines if (m := NUMBERED.match(line))]


def test_every_turn_in_order_under_its_question_with_numbered_lines():
    record = transcript_record()
    lines = pdf_lines(render_coding_pdf(record))
    numbered = numbered_lines(lines)
    # Every line numbered, 1, 2, 3 … without a gap, none wider than the column.
    assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1))
    assert all(len(text) <= LINE_CHARACTERS + 1 for _, text in numbered)
    # The words of the turns, in order, are exactly the numbered lines' words.
    said = squash(" ".join(turn["text"] for turn in record["transcript"]["turns"]))
    assert squash(" ".join(text for _, text in numbered)) == said
    # Each question's text comes before its turns, and after the turns of the question before.
    flat = squash(" ".join(lines))
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    position = 0
    for question, turns in zip(questions, pairs(record["transcript"]["turns"]), strict=True):
        heading = flat.index(squash(question["text"]), position)
        answer = flat.index(squash(turns[1]["text"]).split()[0], heading)
        assert heading >= position and answer > heading
        position = answer


def pairs(turns: list[dict]) -> list[list[dict]]:
    """The synthetic transcript's turns two by two (the question asked, its answer)."""
    return [turns[i : i + 2] for i in range(0, len(turns), 2)]


def test_the_notes_follow_in_their_own_part_and_the_header_names_the_section():
    pdf = render_coding_pdf(transcript_record())
    text = squash(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert text.index("Transcript") < text.index("The interviewer's typed notes")
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[3].extract_text()
    assert "P05 — coding record" in page and re.search(r"Page 4 of \d+", page)


def test_without_a_transcript_the_pdf_is_as_before():
    text = squash(" ".join(pdf_lines(render_coding_pdf(make_record()))))
    assert "typed notes" not in text and "Transcript" not in text


def test_the_archival_pdf_embeds_the_record_with_its_transcript():
    record = transcript_record()
    reader = pypdf.PdfReader(io.BytesIO(render_coding_pdf(record, pdfa=True)))
    embedded = json.loads(reader.attachments["record.json"][0])
    assert embedded["transcript"] == record["transcript"]
    assert embedded["format"] == "interview-record/3"
