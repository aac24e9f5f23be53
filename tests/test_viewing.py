"""Viewing never changes data: every GET route, as admin and as interviewer, on a populated study."""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

import pytest
from helpers import post_form
from interview_helpers import SCREEN, answer
from research_helpers import FINISHED, every_page, populate, research_snapshot

from interview.extensions import db
from interview.models import Answer


@pytest.mark.parametrize("username", ["admin", "anna"])
def test_no_get_route_changes_the_research_tables(app, client, auth, username):
    populate(app)
    before = research_snapshot(app)
    auth.login(username)
    opened = 0
    for url, response in every_page(app, client):
        assert response.status_code < 500, (url, response.status_code)
        opened += 1
    assert opened > 40
    assert research_snapshot(app) == before


def test_opening_a_finished_interview_stamps_nothing(app, admin_client):
    populate(app)
    for section in ("general", "changes", "ratings"):
        admin_client.get(f"/participants/{FINISHED}/interview?section={section}")
    with app.app_context():
        stamped = db.session.scalars(
            db.select(Answer.question_id).where(Answer.first_opened_at.is_not(None))
        )
        # Only the questions the interviews' own actions stamped (the factories, populate).
        assert sorted(stamped) == ["adhoc-1", "adhoc-1", "how-therapy-felt", "how-therapy-felt"]


def test_starting_an_interview_stamps_no_question(app, consented):
    response = post_form(consented, f"{SCREEN}/start", token_from="/participants/P01")
    assert consented.get(response.headers["Location"]).status_code == 200
    assert answer(app, "how-therapy-felt").first_opened_at is None
    assert answer(app, "current-medication").first_opened_at is None
