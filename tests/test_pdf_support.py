"""Helpers behind the PDFs: paragraph splitting, resource paths, the synthetic record."""

import json

from interview.paths import static_dir, templates_dir
from interview.record.segments import split_paragraphs
from interview.record.synthetic import make_record


def test_split_paragraphs_keeps_single_newlines_and_drops_blank_ones():
    text = " First line\nsame paragraph \n\n \t \n\n\nSecond.\r\n\r\nThird  "
    assert split_paragraphs(text) == ["First line\nsame paragraph", "Second.", "Third"]
    assert split_paragraphs("") == [] and split_paragraphs(" \n\n ") == []


def test_resource_folders_exist_beside_the_package():
    assert (templates_dir() / "pdf" / "coding.html").is_file()
    assert (static_dir() / "pdf" / "coding.css").is_file()


def test_synthetic_record_is_deterministic_and_complete():
    record = make_record()
    assert make_record() == record and make_record(seed=1) != record
    sections = record["interview"]["sections"]
    assert [s["id"] for s in sections] == ["general", "changes", "ratings", "attributions",
                                          "resources", "limitations", "helpful", "problematic",
                                          "suggestions"]  # fmt: skip
    assert all(2 <= len(s["questions"]) <= 4 for s in sections)
    questions = [q for s in sections for q in s["questions"]]
    assert sum(q["skipped"] for q in questions) == 1
    assert sum(q["kind"] == "adhoc" for q in questions) == 1
    items = [item["id"] for item in record["questionnaire"]["items"]]
    assert items == ["therapy_style", "time_in_therapy", "gender", "age", "education",
                     "employment", "problem_areas", "earlier_help", "diagnosis", "medication"]  # fmt: skip
    dumped = json.dumps(record, ensure_ascii=False)
    assert all(char in dumped for char in "čšžćđäöüß")


def test_synthetic_segments_are_numbered_through_the_interview():
    record = make_record(number=7, paragraphs_per_answer=2)
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    segments = [seg for q in questions for seg in q["segments"]]
    assert [seg["id"] for seg in segments] == [f"7¶{n}" for n in range(1, len(segments) + 1)]
    for question in questions:
        assert [seg["text"] for seg in question["segments"]] == split_paragraphs(question["answer"])
