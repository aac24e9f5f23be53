"""Autosave: one transaction per save, idempotent, conflicts kept in the history, limits, and no race."""

from __future__ import annotations

import threading

import pytest
from interview_helpers import AUTOSAVE, SCREEN, answer, autosave, count, finish

from interview.extensions import db
from interview.interviews.autosave import save_answer
from interview.models import AnswerRevision, Interview, InterviewEvent


def test_save_returns_version_and_stores_text(app, started):
    response = autosave(
        started, {"question_id": "causes", "text": "My therapist listened.", "base_version": 0}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["version"] == 1 and body["conflict"] is False
    assert body["saved_at"].endswith("+00:00")
    stored = answer(app, "causes")
    assert (stored.text, stored.version, stored.skipped) == ("My therapist listened.", 1, False)
    assert stored.last_edited_at is not None and stored.first_opened_at is not None


def test_saving_the_same_content_twice_changes_nothing(app, started):
    payload = {"question_id": "causes", "text": "Same words.", "base_version": 0}
    first = autosave(started, payload).get_json()
    second = autosave(started, {**payload, "base_version": 1}).get_json()
    assert first["version"] == second["version"] == 1
    assert second["conflict"] is False
    assert count(app, AnswerRevision) == 0


def test_every_replaced_text_is_kept_as_a_revision(app, started):
    for number, text in enumerate(["one", "one two", "one two three"]):
        autosave(started, {"question_id": "causes", "text": text, "base_version": number})
    with app.app_context():
        texts = db.session.execute(
            db.select(AnswerRevision.text).order_by(AnswerRevision.id)
        ).scalars()
        assert list(texts) == ["one", "one two"]
    assert answer(app, "causes").version == 3


def test_conflicting_save_is_flagged_and_the_earlier_text_is_in_the_history(app, started):
    autosave(started, {"question_id": "causes", "text": "From the tablet.", "base_version": 0})
    # A second device still holds version 0 and saves its own text: it wins, and says so.
    body = autosave(
        started, {"question_id": "causes", "text": "From the laptop.", "base_version": 0}
    ).get_json()
    assert body["conflict"] is True and body["version"] == 2
    assert answer(app, "causes").text == "From the laptop."
    html = started.get(f"{SCREEN}/history/causes").get_data(as_text=True)
    assert "From the tablet." in html and "From the laptop." in html


def test_skipping_is_saved_and_revisable(app, started):
    autosave(started, {"question_id": "causes", "text": "", "skipped": True, "base_version": 0})
    assert answer(app, "causes").skipped is True
    autosave(
        started,
        {"question_id": "causes", "text": "After all.", "skipped": False, "base_version": 1},
    )
    with app.app_context():
        revision = db.session.execute(db.select(AnswerRevision)).scalar_one()
    assert revision.skipped is True and revision.text == ""


def test_opened_mark_keeps_the_first_time(app, started):
    body = autosave(started, {"question_id": "causes", "opened": True}).get_json()
    assert body["ok"] and body["version"] == 0 and body["opened"] == "0:00:00"
    first = answer(app, "causes").first_opened_at
    autosave(started, {"question_id": "causes", "opened": True})
    assert answer(app, "causes").first_opened_at == first and answer(app, "causes").version == 0


@pytest.mark.parametrize(
    ("payload", "error", "message"),
    [
        ({"question_id": "no-such-question", "text": "x"}, "unknown_question", "no such question"),
        (
            {"question_id": "causes", "text": "x" * 100_001},
            "too_long",
            "at most 100,000 characters",
        ),
        ({"question_id": "causes", "text": 5}, "invalid", "must be text"),
        ({"question_id": "causes", "text": "x", "skipped": "yes"}, "invalid", "true or false"),
        ({"question_id": "causes", "text": "x", "base_version": "1"}, "invalid", "whole number"),
        ({"question_id": "", "text": "x"}, "invalid", "which question"),
        ({"question_id": "causes"}, "invalid", "Nothing to save"),
        (["causes"], "invalid", "JSON object"),
    ],
)
def test_bad_saves_are_refused_with_nothing_written(app, started, payload, error, message):
    response = autosave(started, payload)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == error and message in body["message"]
    assert answer(app, "causes").version == 0
    assert count(app, AnswerRevision) == 0


def test_answer_of_exactly_the_limit_is_accepted(app, started):
    assert autosave(started, {"question_id": "causes", "text": "x" * 100_000}).status_code == 200


def test_save_without_csrf_token_is_refused(app, started):
    response = started.post(AUTOSAVE, json={"question_id": "causes", "text": "x"})
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    assert answer(app, "causes").version == 0


def test_save_to_a_finished_interview_is_refused_until_reopened(app, started):
    from helpers import post_form

    finish(started)
    response = autosave(started, {"question_id": "causes", "text": "late words"})
    assert response.status_code == 409 and response.get_json()["error"] == "finished"
    assert answer(app, "causes").version == 0
    post_form(started, f"{SCREEN}/reopen", token_from=SCREEN)
    assert autosave(started, {"question_id": "causes", "text": "late words"}).status_code == 200


def test_save_before_the_interview_started_is_refused(app, logged_in):
    from factories import registered_participant

    registered_participant(app)
    response = autosave(logged_in, {"question_id": "causes", "text": "x"}, token=None)
    assert response.status_code == 409 and response.get_json()["error"] == "not_started"


def test_concurrent_saves_to_one_answer_keep_both_texts(app, started):
    """Two devices save different texts at the same instant: one wins, the other is a revision."""
    with app.app_context():
        interview_id = db.session.execute(db.select(Interview.id)).scalar_one()
    for round_number in range(20):
        question_id = "causes" if round_number % 2 else "resources-personal"
        reset(app, interview_id, question_id)
        texts = [f"device A round {round_number}", f"device B round {round_number}"]
        errors = run_together(app, interview_id, question_id, texts)
        assert not errors
        with app.app_context():
            current = answer(app, question_id)
            revisions = (
                db.session.execute(
                    db.select(AnswerRevision.text).where(AnswerRevision.answer_id == current.id)
                )
                .scalars()
                .all()
            )
        assert current.text in texts and current.version == 2
        assert revisions == [t for t in texts if t != current.text], round_number


def reset(app, interview_id: int, question_id: str) -> None:
    """Empty the answer and its history before each round."""
    with app.app_context():
        current = answer(app, question_id)
        db.session.execute(db.delete(AnswerRevision).where(AnswerRevision.answer_id == current.id))
        db.session.execute(
            db.update(type(current))
            .where(type(current).id == current.id)
            .values(text="", version=0)
        )
        db.session.commit()


def run_together(app, interview_id: int, question_id: str, texts: list[str]) -> list[BaseException]:
    """Save each text from its own thread and app context, released together by a barrier."""
    barrier = threading.Barrier(len(texts))
    errors: list[BaseException] = []

    def worker(text: str) -> None:
        try:
            with app.app_context():
                barrier.wait()
                save_answer(interview_id, question_id, text, base_version=0)
        except BaseException as error:  # noqa: BLE001 — reported by the test
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_start_is_in_the_history(app, started):
    with app.app_context():
        actions = db.session.execute(db.select(InterviewEvent.action)).scalars().all()
    assert actions == ["start"]
