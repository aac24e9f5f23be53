"""The list of changes: add with ratings, edit, move, delete with confirmation, all in the history."""

from __future__ import annotations

import pytest
from helpers import post_form
from interview_helpers import SCREEN, count, finish

from interview.extensions import db
from interview.models import Change, InterviewEvent

CHANGES = f"{SCREEN}/changes"
IMPROVEMENT = {
    "description": "I can say no to my mother.",
    "kind": "improvement",
    "expectedness": "4",
    "likelihood": "2",
    "importance": "5",
}


def add(client, **overrides):
    """Add a change through the form on the Changes section."""
    return post_form(client, CHANGES, {**IMPROVEMENT, **overrides}, token_from=SCREEN)


def changes(app) -> list[tuple]:
    """(position, description, kind, ratings) in list order."""
    with app.app_context():
        rows = db.session.execute(db.select(Change).order_by(Change.position)).scalars()
        return [
            (c.position, c.description, c.kind, (c.expectedness, c.likelihood, c.importance))
            for c in rows
        ]


def history(app) -> list[InterviewEvent]:
    """Change events, oldest first."""
    with app.app_context():
        return list(
            db.session.execute(
                db.select(InterviewEvent)
                .where(InterviewEvent.action.like("change_%"))
                .order_by(InterviewEvent.id)
            ).scalars()
        )


def test_changes_section_shows_the_add_form_with_scales(started):
    html = started.get(f"{SCREEN}?section=changes").get_data(as_text=True)
    assert 'id="changes"' in html and "Add a change" in html
    assert "Very much surprised" in html and "Extremely important" in html
    assert 'value="worse" data-unrated' in html


def test_add_an_improvement_with_ratings(app, started):
    response = add(started)
    assert response.headers["Location"] == f"{SCREEN}?section=changes#changes"
    assert changes(app) == [(1, "I can say no to my mother.", "improvement", (4, 2, 5))]
    event = history(app)[0]
    assert event.action == "change_added" and event.data["after"]["importance"] == 5
    html = started.get(f"{SCREEN}?section=ratings").get_data(as_text=True)
    assert "I can say no to my mother." in html and "Importance 5" in html


def test_unrated_kinds_keep_no_ratings(app, started):
    add(started, kind="worse", description="I sleep badly.")
    assert changes(app) == [(1, "I sleep badly.", "worse", (None, None, None))]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("expectedness", "0", "Choose a rating from 1 to 5."),
        ("likelihood", "6", "Choose a rating from 1 to 5."),
        ("importance", "x", "Choose a rating from 1 to 5."),
        ("description", "", "Describe the change."),
        ("description", "x" * 2001, "Keep the description under 2000 characters."),
        ("kind", "better", "Not a valid choice."),
    ],
)
def test_bad_changes_are_refused_with_nothing_written(app, started, field, value, message):
    response = add(started, **{field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app, Change) == 0 and history(app) == []


def test_edit_keeps_before_and_after(app, started):
    add(started)
    assert "I can say no" in started.get(f"{CHANGES}/1/edit").get_data(as_text=True)
    data = {**IMPROVEMENT, "description": "I say no to my mother.", "importance": "4"}
    response = post_form(started, f"{CHANGES}/1/edit", data, token_from=SCREEN)
    assert response.status_code == 302
    assert changes(app) == [(1, "I say no to my mother.", "improvement", (4, 2, 4))]
    event = history(app)[-1]
    assert event.action == "change_edited"
    assert event.data["before"]["description"] == "I can say no to my mother."
    assert event.data["after"]["importance"] == 4
    bad = post_form(started, f"{CHANGES}/1/edit", {**data, "importance": "9"}, token_from=SCREEN)
    assert bad.status_code == 400 and changes(app)[0][3] == (4, 2, 4)


def test_move_up_and_down(app, started):
    for text in ("first", "second", "third"):
        add(started, description=text)
    post_form(started, f"{CHANGES}/3/move", {"direction": "up"}, token_from=SCREEN)
    assert [c[1] for c in changes(app)] == ["first", "third", "second"]
    post_form(started, f"{CHANGES}/1/move", {"direction": "down"}, token_from=SCREEN)
    assert [c[1] for c in changes(app)] == ["third", "first", "second"]
    post_form(started, f"{CHANGES}/1/move", {"direction": "up"}, token_from=SCREEN)  # already first
    assert [c[0] for c in changes(app)] == [1, 2, 3]
    moves = [e.data for e in history(app) if e.action == "change_moved"]
    assert [(m["before"], m["after"]) for m in moves] == [(3, 2), (1, 2)]
    bad = post_form(started, f"{CHANGES}/1/move", {"direction": "sideways"}, token_from=SCREEN)
    assert bad.status_code == 400


def test_delete_asks_first_and_keeps_the_words_in_the_history(app, started):
    add(started, description="first")
    add(started, description="second")
    page = started.get(f"{CHANGES}/1/delete").get_data(as_text=True)
    assert "Delete change 1?" in page and "first" in page
    assert count(app, Change) == 2
    post_form(started, f"{CHANGES}/1/delete", token_from=SCREEN)
    assert changes(app) == [(1, "second", "improvement", (4, 2, 5))]
    assert history(app)[-1].data["before"]["description"] == "first"


def test_unknown_change_numbers_are_404_and_non_numbers_400(started):
    assert started.get(f"{CHANGES}/1/edit").status_code == 404
    assert started.get(f"{CHANGES}/x/delete").status_code == 400


def test_changes_are_locked_when_finished(app, started):
    add(started)
    finish(started)
    response = add(started, description="too late")
    assert response.status_code == 302
    assert "Reopen it to make amendments" in started.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert count(app, Change) == 1


def test_rating_from_the_ratings_section_returns_to_it(app, started):
    add(started)
    edit = f"{CHANGES}/1/edit?section=ratings"
    assert f'href="{edit}"' in started.get(f"{SCREEN}?section=ratings").get_data(as_text=True)
    back = f"{SCREEN}?section=ratings#changes"
    assert f'href="{back}">Cancel' in started.get(edit).get_data(as_text=True)
    response = post_form(started, edit, {**IMPROVEMENT, "importance": "3"}, token_from=SCREEN)
    assert response.headers["Location"] == back
    assert changes(app)[0][3] == (4, 2, 3)


@pytest.mark.parametrize("shown_in", ["changes", "general", "nope", ""])
def test_editing_elsewhere_returns_to_the_changes_section(app, started, shown_in):
    add(started)
    edit = f"{CHANGES}/1/edit?section={shown_in}"
    response = post_form(started, edit, {**IMPROVEMENT, "importance": "3"}, token_from=SCREEN)
    assert response.headers["Location"] == f"{SCREEN}?section=changes#changes"
