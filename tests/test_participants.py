"""The participant registry: assigned codes, progress, search, edits, deletion, audit."""

from __future__ import annotations

import threading

import pytest
from helpers import post_form

from interview.extensions import db
from interview.models import AuditEvent, Participant, User
from interview.participants.services import create_participant

VALID = {"therapist_code": "t03", "interviewer_id": "2", "session_date": "2026-11-25", "note": ""}


def create(client, **overrides):
    return post_form(
        client, "/participants/new", {**VALID, **overrides}, token_from="/participants/new"
    )


def test_codes_are_assigned_in_sequence(logged_in, app):
    assert create(logged_in).headers["Location"] == "/participants/P01"
    assert create(logged_in).headers["Location"] == "/participants/P02"
    with app.app_context():
        first = db.session.execute(db.select(Participant).filter_by(code="P01")).scalar_one()
        assert first.therapist_code == "T03"
        assert first.interviewer.username == "anna"


def test_study_prefix_is_configurable(logged_in, app):
    app.config["STUDY_PREFIX"] = "HELP-"
    assert create(logged_in).headers["Location"] == "/participants/HELP-01"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("therapist_code", "", "Enter the therapist's code"),
        ("therapist_code", "Dr. Novak", "Use a pseudonymous code"),
        ("session_date", "yesterday", "Not a valid date value."),
        ("interviewer_id", "999", "Not a valid choice."),
        ("note", "x" * 2001, "Keep the note under 2000 characters."),
    ],
)
def test_bad_input_is_refused_with_a_message(logged_in, app, field, value, message):
    response = create(logged_in, **{field: value})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


def test_list_shows_progress_and_search_filters(logged_in):
    create(logged_in)
    create(logged_in, therapist_code="T07")
    html = logged_in.get("/").get_data(as_text=True)
    assert "P01" in html and "P02" in html and "Not started" in html
    html = logged_in.get("/?q=t07").get_data(as_text=True)
    assert "P02" in html and "P01" not in html


def test_detail_and_edit(logged_in, app):
    create(logged_in)
    assert "Participant P01" in logged_in.get("/participants/P01").get_data(as_text=True)
    data = {**VALID, "therapist_code": "T09", "note": "room 2"}
    response = post_form(
        logged_in, "/participants/P01/edit", data, token_from="/participants/P01/edit"
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(Participant)).scalar_one().therapist_code == "T09"


def test_admin_deletes_with_typed_confirmation(admin_client, app):
    create(admin_client)
    post_form(admin_client, "/participants/P01/delete", {"confirm": "P02"}, token_from="/")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1
    post_form(admin_client, "/participants/P01/delete", {"confirm": "p01"}, token_from="/")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


def test_audit_log_records_each_action(logged_in, app, auth):
    create(logged_in)
    logged_in.get("/participants/P01")
    post_form(logged_in, "/participants/P01/edit", VALID, token_from="/participants/P01/edit")
    auth.logout()
    auth.login("anna", "wrong password!")
    auth.login("admin")
    with app.app_context():
        events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    actions = [(e.action, e.participant_code) for e in events]
    for expected in [
        ("login", None),
        ("create", "P01"),
        ("view", "P01"),
        ("edit", "P01"),
        ("logout", None),
        ("failed_login", None),
    ]:
        assert expected in actions
    html = logged_in.get("/admin/audit?action=view").get_data(as_text=True)
    assert "P01" in html and "failed_login" not in html


def test_codes_stay_unique_under_concurrent_creation(app):
    with app.app_context():
        creator_id = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one().id
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            with app.app_context():
                user = db.session.get(User, creator_id)
                barrier.wait()
                for _ in range(5):
                    create_participant(
                        "T01", user, __import__("datetime").date(2026, 11, 25), "", user
                    )
        except BaseException as error:  # noqa: BLE001 — reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with app.app_context():
        codes = db.session.execute(db.select(Participant.code)).scalars().all()
    assert len(codes) == 20 and len(set(codes)) == 20
    assert sorted(codes) == [f"P{n:02d}" for n in range(1, 21)]
