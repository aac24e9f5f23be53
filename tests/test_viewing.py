"""Viewing never changes data: every GET route, as admin and as interviewer, on a populated study."""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

import pytest
from helpers import post_form
from interview_helpers import SCREEN, answer, consented  # noqa: F401  (fixtures)
from research_helpers import FINISHED, RUNNING, populate, research_snapshot
from route_helpers import rules, urls

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import Answer

# Real values from the populated study, plus ones that name nothing.
ARGUMENTS = {
    "code": [RUNNING, FINISHED, "P99"],
    "number": [1, 2],
    "question_id": ["how-therapy-felt", "adhoc-1", "nope"],
    "job_id": [1],
    "user_id": [1, 2],
}


def query_variants(app, endpoint: str) -> list[str]:
    """The query strings a page is opened with: every section of the interview, PDF/A, a search."""
    if endpoint == "interviews.screen":
        with app.app_context():
            sections = [s.id for s in current_instruments().interview.sections]
        return ["", *(f"?section={section}" for section in sections)]
    if endpoint == "export.coding_pdf_file":
        return ["", "?pdfa=1"]
    if endpoint == "participants.index":
        return ["", "?q=P0"]
    return [""]


def walk_every_get_route(app, client) -> int:
    """Open every GET page with every argument value; no page may fail. Returns pages opened."""
    opened = 0
    for rule in rules(app, "GET"):
        for url in urls(app, rule, ARGUMENTS):
            for query in query_variants(app, rule.endpoint):
                response = client.get(url + query)
                assert response.status_code < 500, (url + query, response.status_code)
                opened += 1
    return opened


@pytest.mark.parametrize("username", ["admin", "anna"])
def test_no_get_route_changes_the_research_tables(app, client, auth, username):
    populate(app)
    before = research_snapshot(app)
    auth.login(username)
    assert walk_every_get_route(app, client) > 40
    assert research_snapshot(app) == before


def test_opening_a_finished_interview_stamps_nothing(app, admin_client):
    populate(app)
    for section in ("general", "changes", "ratings"):
        admin_client.get(f"/participants/{FINISHED}/interview?section={section}")
    with app.app_context():
        stamped = db.session.scalars(
            db.select(Answer.question_id).where(Answer.first_opened_at.is_not(None))
        )
        # Only the questions the interviews' own actions stamped (export_helpers, populate).
        assert sorted(stamped) == ["adhoc-1", "adhoc-1", "how-therapy-felt", "how-therapy-felt"]


def test_starting_an_interview_stamps_no_question(app, consented):
    response = post_form(consented, f"{SCREEN}/start", token_from="/participants/P01")
    assert consented.get(response.headers["Location"]).status_code == 200
    assert answer(app, "how-therapy-felt").first_opened_at is None
    assert answer(app, "current-medication").first_opened_at is None
