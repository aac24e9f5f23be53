"""Finishing with questions left empty asks first, listing them (no JavaScript needed)."""

from __future__ import annotations

from helpers import post_form
from interview_helpers import CONFIRM_EMPTY, SCREEN, autosave

from interview.extensions import db
from interview.models import Answer, Interview


def status(app) -> str:
    """The interview's status, read fresh."""
    with app.app_context():
        return db.session.execute(db.select(Interview.status)).scalar_one()


def tap_finish(client, confirm: str | None = None):
    """The "Finish interview" button (and "Finish anyway" with the listed ids)."""
    data = {} if confirm is None else {"confirm_empty": confirm}
    return post_form(client, f"{SCREEN}/finish", data, token_from=SCREEN)


def question_ids(app) -> list[str]:
    """Every question of the interview."""
    with app.app_context():
        return list(db.session.scalars(db.select(Answer.question_id)))


def answer_everything(app, client) -> None:
    """Answer every question of the interview."""
    for question_id in question_ids(app):
        autosave(client, {"question_id": question_id, "text": "Said something."})


def test_one_tap_with_empty_questions_lists_them_and_finishes_nothing(app, started):
    autosave(started, {"question_id": "causes", "text": "Talking."})
    response = tap_finish(started)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and status(app) == "in_progress"
    empty = len(question_ids(app)) - 1
    assert f"Finish with {empty} questions empty?" in html
    assert "How has therapy been for you so far?" in html and "1. General" in html
    assert f'href="{SCREEN}?section=general#q-how-therapy-felt"' in html
    assert f'href="{SCREEN}?section=attributions#q-causes"' not in html
    listed = CONFIRM_EMPTY.search(html).group(1).split()
    assert "causes" not in listed and "how-therapy-felt" in listed and len(listed) == empty


def test_finish_anyway_with_the_listed_questions_finishes(app, started):
    listed = CONFIRM_EMPTY.search(tap_finish(started).get_data(as_text=True)).group(1)
    response = tap_finish(started, listed)
    assert response.status_code == 302 and status(app) == "complete"


def test_a_question_emptied_meanwhile_is_listed_again(app, started):
    autosave(started, {"question_id": "causes", "text": "Talking."})
    listed = CONFIRM_EMPTY.search(tap_finish(started).get_data(as_text=True)).group(1)
    autosave(started, {"question_id": "causes", "text": "", "base_version": 1})
    response = tap_finish(started, listed)
    assert response.status_code == 200 and status(app) == "in_progress"
    assert "causes" in CONFIRM_EMPTY.search(response.get_data(as_text=True)).group(1)


def test_nothing_empty_finishes_at_one_tap(app, started):
    answer_everything(app, started)
    assert tap_finish(started).status_code == 302 and status(app) == "complete"


def test_skipped_questions_are_not_empty(app, started):
    for question_id in question_ids(app):
        autosave(started, {"question_id": question_id, "text": "", "skipped": True})
    assert tap_finish(started).status_code == 302 and status(app) == "complete"
