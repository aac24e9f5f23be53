"""Who wrote what: revisions name their author, answer edits and change ratings reach the audit log
(at most one row per question and minute while autosave runs), and never with the words."""
# ruff: noqa: F811  (pytest fixtures imported from interview_helpers are redefined as arguments)

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from factories import registered_participant
from helpers import PASSWORD, AuthActions, post_form
from interview_helpers import SCREEN, autosave
from questionnaire_helpers import FILL, VALID, submit

from interview.auth.users import create_user
from interview.extensions import db
from interview.interviews import autosave as autosave_module
from interview.models import AnswerRevision, AuditEvent, QuestionnaireRevision

WORDS = "My sister noticed first."


@pytest.fixture
def bob(app):
    """A second interviewer's browser."""
    with app.app_context():
        create_user("bob", PASSWORD)
        db.session.commit()
    client = app.test_client()
    assert AuthActions(client).login("bob").status_code == 302
    return client


@pytest.fixture
def clock(monkeypatch):
    """Set the time autosave stamps: clock("10:00:05")."""

    def set_time(hms: str) -> None:
        hour, minute, second = map(int, hms.split(":"))
        moment = datetime(2026, 12, 1, hour, minute, second, tzinfo=UTC)
        monkeypatch.setattr(autosave_module, "utcnow", lambda: moment)

    return set_time


def audit_rows(app, prefix: str) -> list[tuple[str, str, str, str]]:
    """(action, username, participant, detail) of audit rows whose action starts so, in order."""
    with app.app_context():
        rows = db.session.execute(
            db.select(AuditEvent)
            .where(AuditEvent.action.startswith(prefix))
            .order_by(AuditEvent.id)
        ).scalars()
        return [(e.action, e.username, e.participant_code, e.detail) for e in rows]


def save(client, text: str, version: int):
    """Autosave the answer to "causes"."""
    body = autosave(client, {"question_id": "causes", "text": text, "base_version": version})
    assert body.status_code == 200, body.get_data(as_text=True)
    return body.get_json()


def test_each_earlier_text_names_who_wrote_it_and_who_replaced_it(app, started, bob):
    save(started, "Anna's words.", 0)
    save(bob, "Bob's words.", 1)
    save(started, "Anna again.", 2)
    with app.app_context():
        revisions = db.session.execute(
            db.select(AnswerRevision).order_by(AnswerRevision.id)
        ).scalars()
        authors = [(r.text, r.saved_by_id, r.replaced_by_id) for r in revisions]
    assert authors == [("Anna's words.", 2, 4), ("Bob's words.", 4, 2)]
    html = started.get(f"{SCREEN}/history/causes").get_data(as_text=True)
    assert "by anna)" in html  # the current text
    assert "written by bob" in html and "written by anna" in html
    assert html.index("written by bob") < html.index("written by anna")  # newest first


def test_answer_edits_are_audited_once_per_question_and_minute(app, started, bob, clock):
    clock("10:00:05")
    save(started, "one", 0)
    clock("10:00:40")
    save(started, "one two", 1)  # the same minute, the same writer: no new row
    save(started, "one two", 2)  # nothing changed: no row either
    clock("10:01:02")
    save(started, "one two three", 2)
    clock("10:01:10")
    save(bob, WORDS, 3)  # another writer: always a row
    assert audit_rows(app, "answer_") == [
        ("answer_edit", "anna", "P01", "causes version 1"),
        ("answer_edit", "anna", "P01", "causes version 3"),
        ("answer_edit", "bob", "P01", "causes version 4"),
    ]


def test_a_section_saved_without_javascript_is_audited_too(app, started):
    data = {"answer-causes": WORDS, "version-causes": "0"}
    url = f"{SCREEN}/sections/attributions"
    assert post_form(started, url, data, token_from=SCREEN).status_code == 302
    assert audit_rows(app, "answer_") == [("answer_edit", "anna", "P01", "causes version 1")]


def test_change_ratings_are_audited_without_the_participants_words(app, started):
    changes = f"{SCREEN}/changes"
    change = {
        "description": WORDS,
        "kind": "improvement",
        "expectedness": "4",
        "likelihood": "2",
        "importance": "5",
    }
    post_form(started, changes, change, token_from=SCREEN)
    edit = f"{changes}/1/edit"
    post_form(started, edit, {**change, "importance": "3"}, token_from=edit)
    post_form(
        started, edit, {**change, "importance": "3", "description": "Other."}, token_from=edit
    )
    assert audit_rows(app, "change_") == [
        (
            "change_add",
            "anna",
            "P01",
            "change 1: description, kind — → improvement, expectedness — → 4,"
            " likelihood — → 2, importance — → 5",
        ),
        ("change_edit", "anna", "P01", "change 1: importance 5 → 3"),
        ("change_edit", "anna", "P01", "change 1: description"),
    ]
    with app.app_context():
        details = db.session.execute(db.select(AuditEvent.detail)).scalars().all()
    assert not any("sister" in detail or "Other." in detail for detail in details)


def test_questionnaire_revisions_name_who_saved_them(app, logged_in, bob):
    registered_participant(app)
    assert submit(logged_in, VALID).status_code == 302
    assert submit(bob, {**VALID, "item-age": "35"}).status_code == 302
    with app.app_context():
        revision = db.session.execute(db.select(QuestionnaireRevision)).scalar_one()
        assert (revision.saved_by_id, revision.replaced_by_id) == (2, 4)
    html = logged_in.get(f"{FILL}/history").get_data(as_text=True)
    assert "These answers were saved by anna." in html and "by bob" in html
