"""The interviewer's own follow-up questions: correct the wording, delete with a confirmation."""

from __future__ import annotations

import pytest
from helpers import post_form
from interview_helpers import CODE, SCREEN, answer, autosave, count, finish

from interview.extensions import db
from interview.models import Answer, InterviewEvent
from interview.participants.services import get_participant
from interview.record.build import build_record

ADHOC = f"{SCREEN}/adhoc"
WORDING = "Who presribed it?"


def add(
    client, wording: str = WORDING, after: str = "current-medication", text: str = "My doctor."
):
    """Add a follow-up question in the General section."""
    data = {"section_id": "general", "after": after, "wording": wording, "answer": text}
    return post_form(client, ADHOC, data, token_from=SCREEN)


def record_questions(client) -> list[tuple[str, str, str]]:
    """(id, wording, answer) of the General section as record.json gives them."""
    record = client.get(f"/participants/{CODE}/record.json").get_json()
    general = next(s for s in record["interview"]["sections"] if s["id"] == "general")
    return [(q["id"], q["text"], q["answer"]) for q in general["questions"]]


def adhoc_events(app) -> list[tuple[str, dict]]:
    """Ad-hoc edit and delete events, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            db.select(InterviewEvent)
            .where(InterviewEvent.action.in_(["adhoc_edited", "adhoc_deleted"]))
            .order_by(InterviewEvent.id)
        ).scalars()
        return [(event.action, event.data) for event in rows]


def test_screen_links_edit_and_delete_for_own_questions_only(started):
    add(started)
    html = started.get(SCREEN).get_data(as_text=True)
    assert f'href="{ADHOC}/adhoc-1/edit"' in html and f'href="{ADHOC}/adhoc-1/delete"' in html
    assert html.count("/edit") == 1 and "Edit wording" in html
    page = started.get(f"{ADHOC}/adhoc-1/edit").get_data(as_text=True)
    assert WORDING in page and 'name="csrf_token"' in page


def test_edit_corrects_the_wording_and_keeps_the_old_one(app, started):
    add(started)
    data = {"wording": "Who prescribed it?"}
    response = post_form(started, f"{ADHOC}/adhoc-1/edit", data, token_from=SCREEN)
    assert response.headers["Location"] == f"{SCREEN}?section=general#q-adhoc-1"
    assert answer(app, "adhoc-1").adhoc_text == "Who prescribed it?"
    [(action, event)] = adhoc_events(app)
    assert action == "adhoc_edited"
    assert (event["before"]["text"], event["after"]["text"]) == (WORDING, "Who prescribed it?")
    assert ("adhoc-1", "Who prescribed it?", "My doctor.") in record_questions(started)
    with app.app_context():
        texts = [q["text"] for s in build_record(get_participant(CODE))["interview"]["sections"] for q in s["questions"]]  # fmt: skip
    assert "Who prescribed it?" in texts and WORDING not in texts


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("", "Write the question you asked."),
        ("x" * 2001, "Keep the question under 2000 characters."),
    ],
)
def test_edit_refuses_empty_or_too_long_wording(app, started, wording, message):
    add(started)
    response = post_form(started, f"{ADHOC}/adhoc-1/edit", {"wording": wording}, token_from=SCREEN)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert answer(app, "adhoc-1").adhoc_text == WORDING and adhoc_events(app) == []


@pytest.mark.parametrize("question_id", ["current-medication", "adhoc-9", "nope"])
def test_protocol_and_unknown_questions_cannot_be_edited_or_deleted(app, started, question_id):
    add(started)
    for action in ("edit", "delete"):
        assert started.get(f"{ADHOC}/{question_id}/{action}").status_code == 404
        data = {"wording": "Changed?"}
        response = post_form(started, f"{ADHOC}/{question_id}/{action}", data, token_from=SCREEN)
        assert response.status_code == 404
    assert count(app, Answer) == 19 and adhoc_events(app) == []


def test_finished_interview_must_be_reopened_first(app, started):
    add(started)
    finish(started)
    assert "/adhoc/adhoc-1/edit" not in started.get(SCREEN).get_data(as_text=True)
    for action, data in (("edit", {"wording": "Changed?"}), ("delete", {})):
        response = post_form(started, f"{ADHOC}/adhoc-1/{action}", data, token_from=SCREEN)
        assert response.status_code == 302 and response.headers["Location"] == SCREEN
    assert "Reopen it to make amendments" in started.get(SCREEN).get_data(as_text=True)
    assert answer(app, "adhoc-1").adhoc_text == WORDING and adhoc_events(app) == []
    post_form(started, f"{SCREEN}/reopen", token_from=SCREEN)
    response = post_form(started, f"{ADHOC}/adhoc-1/edit", {"wording": "Now?"}, token_from=SCREEN)
    assert response.status_code == 302 and answer(app, "adhoc-1").adhoc_text == "Now?"


def test_delete_asks_first_and_keeps_every_word_in_the_history(app, started):
    add(started)
    autosave(started, {"question_id": "adhoc-1", "text": "My GP, in May.", "base_version": 1})
    add(started, "And since then?", after="adhoc-1", text="")
    page = started.get(f"{ADHOC}/adhoc-1/delete").get_data(as_text=True)
    assert WORDING in page and "My GP, in May." in page and "Delete question" in page
    assert answer(app, "adhoc-1").adhoc_text == WORDING  # the GET deleted nothing
    response = post_form(started, f"{ADHOC}/adhoc-1/delete", token_from=SCREEN)
    assert response.headers["Location"] == f"{SCREEN}?section=general"
    [(action, event)] = adhoc_events(app)
    before = event["before"]
    assert action == "adhoc_deleted" and before["text"] == WORDING
    assert before["answer"] == "My GP, in May." and before["earlier"] == [{"text": "My doctor.", "skipped": False}]  # fmt: skip
    ids = [question_id for question_id, _text, _answer in record_questions(started)]
    assert "adhoc-1" not in ids
    # The follow-up to the deleted question takes its place, and its id is never reused.
    assert ids.index("current-medication") + 1 == ids.index("adhoc-2")
    assert answer(app, "adhoc-2").after_question_id == "current-medication"
    add(started, "One more?")
    assert answer(app, "adhoc-3").adhoc_text == "One more?"
    with app.app_context():
        assert db.session.scalar(db.select(Answer).filter_by(question_id="adhoc-1")) is None


def test_edit_and_delete_without_csrf_token_are_refused(app, started):
    add(started)
    assert started.post(f"{ADHOC}/adhoc-1/edit", data={"wording": "X?"}).status_code == 400
    assert started.post(f"{ADHOC}/adhoc-1/delete").status_code == 400
    assert answer(app, "adhoc-1").adhoc_text == WORDING and adhoc_events(app) == []


def test_stepper_marks_the_current_count_and_answered_questions_for_the_script(started):
    add(started)
    autosave(started, {"question_id": "how-therapy-felt", "text": " ", "skipped": True})
    html = started.get(SCREEN).get_data(as_text=True)
    assert html.count("data-progress") == 1 and "data-progress>2/" in html
    assert html.count(" data-done ") == 2  # the follow-up's answer and the skipped question
