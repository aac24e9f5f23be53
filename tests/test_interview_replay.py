"""Forms the page replays after an outage: sent twice, they act once; refused, they say why.

The page keeps "add a change", "rate it" and "add a follow-up question" in its queue while offline
and sends them when the connection returns, perhaps twice (a reply lost on the way). Each add
form carries an id the page made (client_id), and the server adds a change or question only once
per id; a rating finds its change by that id even when the list number moved meanwhile.
"""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

import re

import pytest
from helpers import csrf_token
from interview_helpers import SCREEN, count, finish

from interview.extensions import db
from interview.models import Answer, Change, InterviewEvent

CHANGES = f"{SCREEN}/changes"
ADHOC = f"{SCREEN}/adhoc"
CHANGE = {"description": "I sleep through the night.", "kind": "improvement"}
FOLLOW_UP = {"section_id": "general", "after": "current-medication", "wording": "Since when?"}
# How the page replays a queued form: form-encoded, the page's token, JSON asked for refusals.
REPLAY = {"Accept": "application/json"}


def replay(client, path: str, data: dict, token: str):
    """POST a queued form as autosave.js replays it."""
    return client.post(path, data={**data, "csrf_token": token}, headers=REPLAY)


def descriptions(app) -> list[tuple[str, int | None]]:
    """(description, importance) of every change, in list order."""
    with app.app_context():
        rows = db.session.execute(db.select(Change).order_by(Change.position)).scalars()
        return [(c.description, c.importance) for c in rows]


def test_the_add_forms_carry_a_fresh_client_id(started):
    ids = []
    for _load in range(2):
        html = started.get(f"{SCREEN}?section=changes").get_data(as_text=True)
        ids += re.findall(r'name="client_id" type="hidden" value="([0-9a-f]{32})"', html)
    assert len(ids) == 4 and len(set(ids)) == 4  # change form and follow-up form, new every time


def test_a_change_sent_twice_is_added_once(app, started):
    token = csrf_token(started, SCREEN)
    for _attempt in range(2):
        response = replay(started, CHANGES, {**CHANGE, "client_id": "k3x9a1b2c3d4"}, token)
        assert response.status_code == 302
    other = replay(started, CHANGES, {**CHANGE, "client_id": "k3x9a1b2c3d5"}, token)
    assert other.status_code == 302
    assert descriptions(app) == [(CHANGE["description"], None)] * 2
    with app.app_context():
        added = db.session.scalar(
            db.select(db.func.count()).where(InterviewEvent.action == "change_added")
        )
    assert added == 2


def test_a_follow_up_question_sent_twice_is_added_once(app, started):
    token = csrf_token(started, SCREEN)
    data = {**FOLLOW_UP, "answer": "Two years.", "client_id": "q1w2e3r4t5y6"}
    first = replay(started, ADHOC, data, token)
    second = replay(started, ADHOC, data, token)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        adhoc = db.session.execute(db.select(Answer).filter_by(kind="adhoc")).scalars().all()
    assert [(a.adhoc_text, a.text, a.client_id) for a in adhoc] == [
        ("Since when?", "Two years.", "q1w2e3r4t5y6")
    ]


def test_a_rating_finds_its_change_after_the_list_moved(app, started):
    token = csrf_token(started, SCREEN)
    replay(started, CHANGES, {**CHANGE, "client_id": "first-change-1"}, token)
    replay(
        started, CHANGES, {**CHANGE, "description": "Calmer.", "client_id": "second-chg-2"}, token
    )
    # Rated as number 2 on a page loaded before another device moved it up to number 1.
    assert replay(started, f"{CHANGES}/2/move", {"direction": "up"}, token).status_code == 302
    rating = {"description": "Calmer.", "kind": "improvement", "importance": "5"}
    response = replay(started, f"{CHANGES}/2/edit", {**rating, "client_id": "second-chg-2"}, token)
    assert response.status_code == 302
    assert descriptions(app) == [("Calmer.", 5), (CHANGE["description"], None)]


def test_a_rating_of_a_deleted_change_is_refused_with_a_reason(app, started):
    token = csrf_token(started, SCREEN)
    replay(started, CHANGES, {**CHANGE, "client_id": "gone-change-1"}, token)
    replay(
        started, CHANGES, {**CHANGE, "description": "Calmer.", "client_id": "kept-change-2"}, token
    )
    assert replay(started, f"{CHANGES}/1/delete", {}, token).status_code == 302
    rating = {**CHANGE, "importance": "3", "client_id": "gone-change-1"}
    response = replay(started, f"{CHANGES}/1/edit", rating, token)
    assert response.status_code == 409
    assert (
        response.get_json()["message"] == "This change is no longer in the list. Nothing was saved."
    )
    assert descriptions(app) == [("Calmer.", None)]


def test_a_replayed_form_on_a_finished_interview_is_refused_as_json(app, started):
    token = csrf_token(started, SCREEN)
    finish(started)
    response = replay(started, CHANGES, {**CHANGE, "client_id": "late-change-1"}, token)
    assert response.status_code == 409
    assert response.get_json()["error"] == "refused"
    assert count(app, Change) == 0


@pytest.mark.parametrize("client_id", ["short", "x" * 37, "has space 123", "<script>alert"])
def test_a_malformed_client_id_is_refused_with_nothing_added(app, started, client_id):
    token = csrf_token(started, SCREEN)
    response = replay(started, CHANGES, {**CHANGE, "client_id": client_id}, token)
    assert response.status_code == 400
    follow_up = replay(started, ADHOC, {**FOLLOW_UP, "client_id": client_id}, token)
    assert follow_up.status_code == 400
    assert count(app, Change) == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).where(Answer.kind == "adhoc")) == 0
