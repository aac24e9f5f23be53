"""The redacted record every research export is made from, and the per-participant exports.

The participant of `named_participant` types the consent name, listed people and a listed town
into answers, an ad-hoc question, the interviewer's note, a change, a "say which" answer and the
transcript (English and Slovenian). None of them may reach record.json, the coding PDF or the
results; every citation still quotes the right (redacted) words.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from factories import captured_participant
from factories import named_participant as make_named
from pdf_helpers import pdf_text
from redaction_helpers import LABEL, citations_rows, coded, leaked, the

from interview.extensions import db
from interview.languages import translations_for
from interview.record.build import build_record
from interview.redaction.matching import Redactor, Term, label_text
from interview.redaction.records import (
    record_texts,
    redact_record,
    redactor_for,
    research_record,
)

PLANTED = "Zorko"
# Keys of a record that hold no one's words: the instruments' wording, ids, codes, kinds, times,
# statuses and the like. A planted word may stay in these; a new key that holds free text fails
# test_every_free_text_field_is_redacted until `text_slots` names it (or this list, if it is not
# free text after all).
STRUCTURAL = {
    "format",
    "participant.code",
    "participant.therapist_code",
    "participant.interviewer",
    "participant.session_date",
    *(
        f"{part}.instrument.{key}"
        for part in ("consent", "questionnaire", "interview")
        for key in ("id", "version", "language", "sha256")
    ),
    "consent.status",
    "consent.date",
    "questionnaire.status",
    "questionnaire.completed_at",
    "questionnaire.items[].id",
    "questionnaire.items[].label",
    "questionnaire.items[].type",
    "questionnaire.items[].options[].value",
    "questionnaire.items[].options[].label",
    "questionnaire.items[].value",  # a choice's code (a text item's words are redacted)
    "questionnaire.items[].value[]",
    "interview.status",
    "interview.started_at",
    "interview.finished_at",
    "interview.sections[].id",
    "interview.sections[].title",
    "interview.sections[].questions[].id",
    "interview.sections[].questions[].kind",
    "interview.sections[].questions[].text",  # a protocol question's (ad hoc ones are redacted)
    "interview.sections[].questions[].prompts[]",
    "interview.sections[].questions[].segments[].id",
    "interview.changes[].kind",
    "interview.changes[].kind_label",
    "interview.changes[].ratings.expectedness.label",
    "interview.changes[].ratings.likelihood.label",
    "interview.changes[].ratings.importance.label",
    "interview.scales[].id",
    "interview.scales[].label",
    *(f"interview.scales[].anchors.{n}" for n in "12345"),
    "transcript.source_format",
    "transcript.clock",
    "transcript.speakers.interviewer",
    "transcript.speakers.participant",
    "transcript.turns[].speaker",
    "transcript.turns[].label",
    "transcript.turns[].start",
    "transcript.turns[].question_id",
    "transcript.turns[].placed_by",
}


def string_paths(value: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path with list indices as [], the holder, its key) of every string anywhere in value."""
    found = []
    if isinstance(value, dict):
        items = [(f"{path}.{key}" if path else str(key), key) for key in value]
    elif isinstance(value, list):
        items = [(f"{path}[]", index) for index in range(len(value))]
    else:
        return []
    for inner_path, key in items:
        inner = value[key]
        if isinstance(inner, str):
            found.append((inner_path, value, key))
        else:
            found += string_paths(inner, inner_path)
    return found


@pytest.fixture(params=["en", "sl"])
def language(request) -> str:
    """The language the participant was interviewed in."""
    return request.param


@pytest.fixture
def named(app, language) -> str:
    """P08, who names people and a town everywhere; their code."""
    with app.test_request_context():
        return make_named(8, language).code


def test_every_free_text_field_is_redacted(app):
    """Plant a term in every string of a full record: it may survive only in structural keys."""
    with app.test_request_context():
        record = build_record(the(make_named(8, "en").code))
    for _path, holder, key in string_paths(record):
        holder[key] = f"{holder[key]} {PLANTED}"
    redactor = Redactor([Term(PLANTED, "person", "planted")], record_texts(record))
    redacted = redact_record(record, redactor)
    survivors = {path for path, holder, key in string_paths(redacted) if PLANTED in holder[key]}
    assert survivors <= STRUCTURAL, sorted(survivors - STRUCTURAL)
    # And the free texts really were planted and replaced (the walk reached them).
    assert "interview.sections[].questions[].interviewer_note" not in survivors
    assert "[PERSON 1]" in redacted["interview"]["sections"][0]["questions"][1]["interviewer_note"]


def test_the_research_record_carries_no_name(app, named, language):
    with app.test_request_context():
        participant = the(named)
        original = build_record(participant)
        record = research_record(participant)
    assert leaked(json.dumps(original, ensure_ascii=False))  # the fixture does name them
    assert leaked(json.dumps(record, ensure_ascii=False)) == []
    # Same shape: only the words changed (segments, turns, changes, items all still there).
    assert [path for path, *_ in string_paths(record)] == [
        path for path, *_ in string_paths(original)
    ]
    words = translations_for(language).gettext
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    felt = next(q for q in questions if q["id"] == "how-therapy-felt")
    consent_label = label_text("person", 2, words)  # "say which" names Vesna first (PERSON 1)
    assert felt["answer"].count(consent_label) == 1
    assert [s["text"] for s in felt["segments"]] == felt["answer"].split("\n\n")
    assert label_text("place", 1, words) in felt["answer"]
    adhoc = next(q for q in questions if q["kind"] == "adhoc")
    # "Zupan" alone is the consent name too: the same person, the same label.
    assert consent_label in adhoc["answer"]
    assert LABEL.search(adhoc["text"])


def test_labels_are_the_same_wherever_a_term_appears(app, named):
    with app.test_request_context():
        record = research_record(the(named))
    vesna = re.search(r"\[[^\]]+\]", record["interview"]["changes"][1]["description"]).group(0)
    item = next(i for i in record["questionnaire"]["items"] if i["id"] == "problem_areas")
    assert vesna in item["other"] and vesna in item["display"]
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    assert vesna in questions[1]["interviewer_note"]
    assert vesna in record["transcript"]["turns"][2]["text"]


def test_redacting_leaves_the_record_itself_alone(app, named):
    with app.test_request_context():
        participant = the(named)
        record = build_record(participant)
        before = json.dumps(record, ensure_ascii=False)
        redact_record(record, redactor_for(participant, record))
    assert json.dumps(record, ensure_ascii=False) == before


def test_the_golden_participant_exports_its_record_unchanged(app):
    """The pinned goldens hold for the research exports too: P05 names no listed term."""
    with app.test_request_context():
        participant = captured_participant(5)
        assert research_record(participant) == build_record(participant)


def test_record_json_is_redacted(app, named, analyst_client):
    response = analyst_client.get(f"/participants/{named}/record.json")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert leaked(body) == []
    with app.test_request_context():
        assert json.loads(body) == research_record(the(named))


def test_the_coding_pdf_carries_the_record_labels(app, named, analyst_client):
    response = analyst_client.get(f"/participants/{named}/coding.pdf")
    assert response.status_code == 200
    text = pdf_text(response.get_data())
    assert leaked(text) == []
    with app.test_request_context():
        record = research_record(the(named))
    labels = set(LABEL.findall(json.dumps(record, ensure_ascii=False)))
    assert len(labels) == 4 and labels <= set(LABEL.findall(text))


def test_the_consent_name_typed_into_an_answer_never_shows(app, analyst_client):
    with app.test_request_context():
        participant = captured_participant(9)  # consent name Ana Novak
        felt = next(a for a in participant.interview.answers if a.question_id == "how-therapy-felt")
        felt.text = "Ana Novak wrote this. Novak, that is me; Ana."
        db.session.commit()
    body = analyst_client.get("/participants/P09/record.json").get_data(as_text=True)
    pdf = pdf_text(analyst_client.get("/participants/P09/coding.pdf").get_data())
    for text in (body, pdf):
        assert not re.search(r"\b(Ana|Novak)\b", text)
        assert "[PERSON 1] wrote this. [PERSON 1], that is me; [PERSON 1]." in text


def test_results_quote_the_redacted_words(app, named, analyst_client):
    whole, halves = coded(app, named)
    query = "?layer=alice"
    rows = citations_rows(analyst_client.get(f"/results/files/citations.csv{query}").get_data())
    quotes = [row[key] for row in rows for key in row if row[key] in (whole, halves)]
    assert sorted(quotes) == sorted([whole, halves])
    for row in rows:
        assert leaked(" ".join(row.values())) == []
    pdf = pdf_text(analyst_client.get(f"/results/results.pdf{query}").get_data())
    assert leaked(pdf) == []
    assert whole in pdf and halves in pdf
    page = analyst_client.get(f"/results/{query}").get_data(as_text=True)
    assert leaked(page.split("<main", 1)[1]) == []


def test_a_passage_cut_mid_name_quotes_the_whole_label(app, named, analyst_client):
    _whole, halves = coded(app, named)
    assert halves.startswith("[") and halves.endswith("]")
    rows = citations_rows(analyst_client.get("/results/files/citations.csv?layer=alice").get_data())
    assert any(halves in value for row in rows for value in row.values())
    assert not any("anj" in value or "Moj" in value for row in rows for value in row.values())


def test_the_coding_page_keeps_the_original_text(app, named, analyst_client):
    page = analyst_client.get(f"/coding/{named}").get_data(as_text=True)
    assert "Petra" in page
