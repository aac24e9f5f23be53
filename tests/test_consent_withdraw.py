"""Withdrawal: admin only, typed confirmation; every research datum is gone, even from the files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from consent_helpers import consent_of, sign_fully
from factories import participant_via_form
from helpers import TEST_DATABASE_URL, post_form

from interview.consent.services import consent_allows_research
from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import (
    Answer,
    AnswerRevision,
    AuditEvent,
    Change,
    ExportJob,
    Interview,
    InterviewEvent,
    Participant,
    QuestionnaireResponse,
    QuestionnaireRevision,
)
from interview.models.base import utcnow

MARKERS = {
    "answer": "QUOKKA-ANSWER-7731",
    "revision": "QUOKKA-REVISION-7731",
    "adhoc": "QUOKKA-ADHOC-7731",
    "change": "QUOKKA-CHANGE-7731",
    "event": "QUOKKA-EVENT-7731",
    "questionnaire": "QUOKKA-QUESTIONNAIRE-7731",
    "old_questionnaire": "QUOKKA-OLDQUEST-7731",
}
# The other participant's words must survive someone else's withdrawal.
KEPT = "WOMBAT-OTHER-PARTICIPANT-5512"


def add_research_data(app, code: str, marker: dict[str, str]) -> None:
    """Questionnaire, interview, answers, revisions, changes and events, written through the models."""
    with app.app_context():
        participant = db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()
        instruments = current_instruments()
        response = QuestionnaireResponse(
            participant=participant,
            answers={"earlier_help": {"value": marker["questionnaire"], "other": None}},
            status="complete",
            completed_at=utcnow(),
            **reference(instruments.questionnaire),
        )
        response.revisions.append(
            QuestionnaireRevision(
                answers={"earlier_help": {"value": marker["old_questionnaire"], "other": None}}
            )
        )
        interview = Interview(participant=participant, **reference(instruments.interview))
        answer = Answer(section_id="general", question_id="q1", text=marker["answer"])
        adhoc = Answer(
            section_id="general", question_id="a1", kind="adhoc", adhoc_text=marker["adhoc"]
        )
        interview.answers.extend([answer, adhoc])
        interview.changes.append(
            Change(position=1, kind="improvement", description=marker["change"])
        )
        db.session.add_all([response, interview])
        db.session.flush()
        db.session.add(AnswerRevision(answer_id=answer.id, text=marker["revision"], version=1))
        db.session.add(
            InterviewEvent(interview_id=interview.id, action="amend", data={"old": marker["event"]})
        )
        db.session.commit()


def reference(instrument) -> dict[str, str]:
    """The instrument columns a questionnaire or interview row stores."""
    ref = instrument.ref()
    return {
        "instrument_id": ref["id"],
        "instrument_version": ref["version"],
        "instrument_sha256": ref["sha256"],
        "language": ref["language"],
    }


def database_text(app) -> str:
    """Every row of every table, as text."""
    with app.app_context(), db.engine.connect() as connection:
        return "\n".join(
            repr(connection.execute(db.select(table)).all()) for table in db.metadata.sorted_tables
        )


def database_bytes(instance: Path) -> bytes:
    """The raw bytes of the SQLite database and its write-ahead log (none on a database server)."""
    if TEST_DATABASE_URL:
        return b""  # PostgreSQL's files are the server's; its vacuum reclaims dead rows
    files = [instance / "interview.sqlite3", instance / "interview.sqlite3-wal"]
    return b"".join(path.read_bytes() for path in files if path.exists())


def withdraw(client, code: str, confirm: str | None = None):
    """The admin's withdrawal form."""
    data = {"confirm": code if confirm is None else confirm}
    return post_form(client, f"/participants/{code}/consent/withdraw", data, token_from="/")


@pytest.fixture
def two_participants(admin_client, app) -> tuple[str, str]:
    """P01 and P02, both consented, both with research data."""
    first, second = participant_via_form(admin_client), participant_via_form(admin_client)
    for code in (first, second):
        sign_fully(admin_client, code)
    add_research_data(app, first, MARKERS)
    add_research_data(app, second, {key: f"{KEPT}-{key}" for key in MARKERS})
    return first, second


def test_withdrawal_leaves_nothing_of_the_answers_in_the_database_or_on_disk(
    admin_client, app, instance_path, two_participants
):
    code, other = two_participants
    before = database_bytes(instance_path)
    assert all(marker in database_text(app) for marker in MARKERS.values())
    assert TEST_DATABASE_URL or any(marker.encode() in before for marker in MARKERS.values())

    response = withdraw(admin_client, code)
    assert response.headers["Location"] == f"/participants/{code}/erased"

    text, raw = database_text(app), database_bytes(instance_path)
    for marker in MARKERS.values():
        assert marker not in text, marker
        assert marker.encode() not in raw, marker
    assert KEPT in text  # the other participant keeps everything
    with app.app_context():
        participant = db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()
        assert participant.questionnaire is None and participant.interview is None
        assert not consent_allows_research(participant)
        events = (
            db.session.execute(db.select(AuditEvent).filter_by(action="consent_withdrawn"))
            .scalars()
            .all()
        )
    assert [(e.participant_code, e.username) for e in events] == [(code, "admin")]
    consent = consent_of(app, code)
    assert consent.status == "withdrawn" and consent.withdrawn_at is not None
    assert "Withdrawn " in admin_client.get(f"/participants/{code}").get_data(as_text=True)


def test_withdrawal_without_a_consent_still_marks_it(admin_client, app):
    code = participant_via_form(admin_client)
    withdraw(admin_client, code)
    assert consent_of(app, code).status == "withdrawn"


@pytest.mark.parametrize("confirm", ["", "P02", "P0"])
def test_withdrawal_needs_the_code_typed(admin_client, app, two_participants, confirm):
    code, _other = two_participants
    response = withdraw(admin_client, code, confirm)
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Type the participant code exactly to confirm the withdrawal." in page
    assert MARKERS["answer"] in database_text(app)
    assert consent_of(app, code).status == "signed"


def test_only_admins_may_withdraw(client, auth, app):
    auth.login()
    code = participant_via_form(client)
    assert withdraw(client, code).status_code == 403
    assert "Withdraw from the study" not in client.get(f"/participants/{code}").get_data(
        as_text=True
    )
    assert consent_of(app, code) is None


def test_every_exported_copy_is_removed(admin_client, app, instance_path):
    code = participant_via_form(admin_client)
    cache, exports = instance_path / "cache" / "pdf", instance_path / "exports"
    cache.mkdir(parents=True)
    exports.mkdir()
    # Cached PDFs are named by record hash, zips hold everyone: none can be kept.
    doomed = [cache / ("ab" * 32 + ".pdf"), exports / "export-1-20261125T120000Z.zip"]
    for path in doomed:
        path.write_bytes(b"%PDF")
    with app.app_context():
        db.session.add(ExportJob(status="done", filename=doomed[1].name, done=1, total=1))
        db.session.commit()
    withdraw(admin_client, code)
    assert [path.exists() for path in doomed] == [False, False]
    with app.app_context():
        job = db.session.execute(db.select(ExportJob)).scalar_one()
        assert job.filename is None and "withdrew" in job.error
    assert admin_client.get(f"/export/jobs/{job.id}/download").status_code == 404


def test_a_withdrawn_participant_cannot_consent_again(admin_client, app, two_participants):
    code, _other = two_participants
    withdraw(admin_client, code)
    form = {"action": "sign", "participant_name": "X"}
    response = post_form(admin_client, f"/participants/{code}/consent", form, token_from="/")
    assert response.status_code == 409
    assert consent_of(app, code).status == "withdrawn"
