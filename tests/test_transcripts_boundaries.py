"""Moving a question boundary by hand on the boundaries page: kept, shown, and refused cleanly."""

from __future__ import annotations

import pytest
from helpers import post_form
from transcript_helpers import read_fixture, timed_participant, user

from interview.extensions import db
from interview.models import Participant
from interview.record.build import build_record
from interview.transcripts.imports import import_transcript

PAGE = "/participants/P05/transcript/questions"


@pytest.fixture
def imported(app):
    """P05 with interview.vtt imported: turns at 0:12, 0:15, 10:00, 10:05, 1:00:05, 1:00:09."""
    with app.test_request_context():
        participant = timed_participant()
        import_transcript(participant, read_fixture("interview.vtt"), by=user())


def placed(app) -> list[tuple[str | None, str]]:
    """Each turn's question and placement, as the record has them."""
    with app.test_request_context():
        participant = db.session.scalar(db.select(Participant).filter_by(code="P05"))
        turns = build_record(participant)["transcript"]["turns"]
        return [(turn["question_id"], turn["placed_by"]) for turn in turns]


def version(app) -> int:
    with app.test_request_context():
        participant = db.session.scalar(db.select(Participant).filter_by(code="P05"))
        return participant.transcript.version


def test_the_page_lists_turns_under_their_questions(app, client, auth, imported):
    auth.login("anna")
    page = client.get(PAGE).get_data(as_text=True)
    assert page.count('name="position"') == 6
    assert 'value="changes-noticed" selected' in page


def test_a_moved_boundary_is_kept_as_placed_by_hand(app, client, auth, imported):
    auth.login("anna")
    before = placed(app)
    form = {"position": "2", "version": str(version(app)), "question": "changes-worse"}
    response = post_form(client, PAGE, form, token_from=PAGE)
    assert response.status_code == 302
    after = placed(app)
    # Turn 3 and the one after it that sat under the same question moved; the rest did not.
    assert after[2:4] == [("changes-worse", "hand"), ("changes-worse", "hand")]
    assert after[:2] == before[:2] and after[4:] == before[4:]
    assert "placed by hand" in client.get(PAGE).get_data(as_text=True)


def test_a_stale_version_or_an_unknown_question_changes_nothing(app, client, auth, imported):
    auth.login("anna")
    before, current = placed(app), version(app)
    stale = {"position": "2", "version": str(current - 1), "question": "changes-worse"}
    page = post_form(client, PAGE, stale, token_from=PAGE, follow_redirects=True)
    assert "changed elsewhere" in page.get_data(as_text=True)
    unknown = {"position": "2", "version": str(current), "question": "no-such-question"}
    page = post_form(client, PAGE, unknown, token_from=PAGE)
    assert page.status_code == 200 and "Not a valid choice" in page.get_data(as_text=True)
    assert placed(app) == before and version(app) == current


def test_an_analyst_may_not_move_boundaries(app, analyst_client, imported):
    assert analyst_client.get(PAGE).status_code == 403
