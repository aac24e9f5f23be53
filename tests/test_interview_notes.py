"""The interviewer's note on a question: saved apart from the answer, in its history, in the exports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import csrf_token, post_form
from interview_helpers import SCREEN, answer, autosave, finish
from pdf_helpers import pdf_lines

from interview.export.bulk.runner import pdf_names
from interview.extensions import db
from interview.models import AnswerRevision
from interview.pdf.coding import coding_html, render_coding_pdf
from interview.record.synthetic import make_record

NOTE = "Long pause; looked at the window."


def revisions(app) -> list[tuple[str, str]]:
    """(text, note) of every revision, oldest first."""
    with app.app_context():
        rows = db.session.execute(db.select(AnswerRevision).order_by(AnswerRevision.id)).scalars()
        return [(r.text, r.interviewer_note) for r in rows]


def test_a_note_is_saved_alone_and_leaves_the_answer_as_it_was(app, started):
    autosave(started, {"question_id": "causes", "text": "Talking."})
    body = autosave(started, {"question_id": "causes", "note": NOTE}).get_json()
    assert body["ok"] and body["version"] == 1 and not body["conflict"]
    saved = answer(app, "causes")
    assert (saved.text, saved.interviewer_note, saved.version) == ("Talking.", NOTE, 1)


def test_a_note_on_an_unopened_question_stamps_it_opened_but_not_edited(app, started):
    autosave(started, {"question_id": "causes", "note": NOTE})
    saved = answer(app, "causes")
    assert saved.first_opened_at is not None and saved.last_edited_at is None


def test_a_note_never_makes_the_next_answer_save_a_conflict(app, started):
    loaded = answer(app, "causes").version
    autosave(started, {"question_id": "causes", "note": NOTE})
    body = autosave(
        started, {"question_id": "causes", "text": "Talking.", "base_version": loaded}
    ).get_json()
    assert body["ok"] and not body["conflict"]
    assert answer(app, "causes").interviewer_note == NOTE  # the text save kept the note


def test_every_earlier_note_stays_in_the_history(app, started):
    autosave(started, {"question_id": "causes", "text": "Talking."})
    autosave(started, {"question_id": "causes", "note": "First note."})
    autosave(started, {"question_id": "causes", "note": NOTE})
    assert revisions(app) == [("Talking.", ""), ("Talking.", "First note.")]
    html = started.get(f"{SCREEN}/history/causes").get_data(as_text=True)
    assert "Interviewer’s note</b>" not in html  # the label is followed by a colon
    assert f"Interviewer’s note:</b> {NOTE}" in html
    assert "Interviewer’s note:</b> First note." in html


def test_an_unchanged_note_adds_no_revision(app, started):
    autosave(started, {"question_id": "causes", "note": NOTE})
    autosave(started, {"question_id": "causes", "note": NOTE})
    assert revisions(app) == []


def test_a_too_long_note_is_refused(app, started):
    response = autosave(started, {"question_id": "causes", "note": "x" * 2001})
    assert response.status_code == 400 and response.get_json()["error"] == "too_long"
    assert answer(app, "causes").interviewer_note == ""


@pytest.mark.parametrize("note", [7, ["a"], {"a": 1}, True])
def test_a_note_that_is_not_text_is_refused(app, started, note):
    response = autosave(started, {"question_id": "causes", "note": note})
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_the_screen_shows_the_note_under_the_answer_apart_from_it(app, started):
    autosave(started, {"question_id": "how-therapy-felt", "note": NOTE})
    html = started.get(SCREEN).get_data(as_text=True)
    block_end = html.index("</section>", html.index('id="q-how-therapy-felt"'))
    note_box = html.index('name="note-how-therapy-felt"')
    assert block_end < note_box  # outside the question block autosave.js reads
    assert f">\r\n{NOTE}</textarea>" in html[note_box:]
    assert 'aria-labelledby="note-label"' in html[note_box - 200 : note_box + 200]
    assert "never the participant’s words" in html and "js/autosave.js" in html


def test_without_javascript_the_section_form_saves_notes(app, started):
    data = {"answer-how-therapy-felt": "Fine.", "note-how-therapy-felt": NOTE}
    assert (
        post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN).status_code == 302
    )
    saved = answer(app, "how-therapy-felt")
    assert (saved.text, saved.interviewer_note) == ("Fine.", NOTE)
    # A post without the note's box (an older page) keeps the note.
    data = {"answer-how-therapy-felt": "Fine, really."}
    post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN)
    assert answer(app, "how-therapy-felt").interviewer_note == NOTE


def test_a_too_long_note_in_the_section_form_is_shown_next_to_it(app, started):
    data = {"answer-how-therapy-felt": "Fine.", "note-how-therapy-felt": "x" * 2001}
    response = post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN)
    assert response.status_code == 400
    assert "A note can be at most 2,000 characters long." in response.get_data(as_text=True)
    assert answer(app, "how-therapy-felt").text == ""


def test_a_finished_interview_shows_the_note_read_only(app, started):
    autosave(started, {"question_id": "how-therapy-felt", "note": NOTE})
    finish(started)
    html = started.get(SCREEN).get_data(as_text=True)
    box = html[html.index('name="note-how-therapy-felt"') - 200 :]
    assert "readonly" in box[: box.index("</textarea>")]
    response = autosave(
        started, {"question_id": "how-therapy-felt", "note": "later"}, csrf_token(started, "/")
    )
    assert response.status_code == 409


def test_record_json_carries_the_note_only_where_there_is_one(app, started):
    autosave(started, {"question_id": "causes", "note": NOTE})
    record = started.get("/participants/P01/record.json").get_json()
    questions = {q["id"]: q for s in record["interview"]["sections"] for q in s["questions"]}
    assert questions["causes"]["interviewer_note"] == NOTE
    assert "interviewer_note" not in questions["how-therapy-felt"]
    assert pdf_names([record])  # a bulk export takes it (the note is research data)


@pytest.fixture
def noted_record() -> dict:
    """A synthetic record whose first question carries an interviewer's note."""
    record = make_record(5, seed=3)
    record["interview"]["sections"][0]["questions"][0]["interviewer_note"] = NOTE
    return record


def test_the_coding_pdf_shows_the_note_labelled_and_in_its_own_style(noted_record):
    html = coding_html(noted_record, datetime(2026, 12, 1, tzinfo=UTC))
    assert (
        f'<p class="interviewer-note"><span class="note-label">Interviewer\'s note:</span> {NOTE}</p>'
        in html.replace("&#39;", "'")
    )
    lines = pdf_lines(render_coding_pdf(noted_record))
    assert any(line.startswith(f"Interviewer's note: {NOTE}") for line in lines)


def test_with_line_numbers_the_note_is_not_numbered(noted_record):
    lines = pdf_lines(render_coding_pdf(noted_record, line_numbers=True))
    note = next(line for line in lines if "Interviewer's note" in line)
    assert note.startswith("Interviewer's note")  # no segment id, no line number before it
