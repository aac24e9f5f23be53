"""Erasure: delete and withdrawal remove the rows and exactly the files holding the participant, leave
no text in the database files, list the copies that left the tool, and never reuse a code."""

from __future__ import annotations

import io
import zipfile

import pytest
from erasure_helpers import code_exists, delete, marked_participant, places_holding, withdraw
from helpers import TEST_DATABASE_URL, base_config, post_form, sqlite_only
from sqlalchemy import event

from interview import create_app
from interview.cli import cli
from interview.export.bulk import jobs
from interview.extensions import db
from interview.models import AuditEvent, ExportCopy, ExportJob, Participant

GONE = "Quokka7731"  # the erased participant's words
KEPT = "Wombat5512"  # the other participant's words
ERASE = {"delete": delete, "withdraw": withdraw}


@pytest.fixture
def exported(app, admin_client, tmp_path):
    """P01 and P02 with marked words, exported every way: zip (downloaded), cache, CLI, one PDF."""
    app.config["EXPORT_WORKERS"] = 1
    app.extensions[jobs.RUNNER_KEY] = jobs.run_job
    with app.app_context():
        gone, kept = marked_participant(1, GONE), marked_participant(2, KEPT)
    post_form(admin_client, "/export/jobs", token_from="/export/")
    download = admin_client.get("/export/jobs/1/download")
    assert download.status_code == 200
    assert "pdf/P01.pdf" in zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    download.close()
    outside = tmp_path / "usb-stick" / "study.zip"
    result = app.test_cli_runner().invoke(
        cli, ["export", "all", "--out", str(outside), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    admin_client.get(f"/participants/{gone}/coding.pdf").close()
    return gone, kept, outside


def cached_pdfs(instance_path) -> list:
    return sorted((instance_path / "cache" / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("how", ["delete", "withdraw"])
def test_erasure_leaves_no_word_in_the_instance_folder(
    app, admin_client, instance_path, exported, how
):
    gone, kept, _outside = exported
    held = places_holding(instance_path, GONE)
    assert any("exports" in place for place in held) and any("cache" in place for place in held)
    assert TEST_DATABASE_URL or any("interview.sqlite3" in place for place in held)
    assert len(cached_pdfs(instance_path)) == 2

    response = ERASE[how](admin_client, gone)
    assert response.headers["Location"] == f"/participants/{gone}/erased"

    assert places_holding(instance_path, GONE) == []
    # Exact, not everything: the other participant's cached PDF stays and their words are kept.
    remaining = cached_pdfs(instance_path)
    assert len(remaining) == 1 and places_holding(remaining[0].parent, KEPT)
    assert TEST_DATABASE_URL or places_holding(instance_path, KEPT)
    assert code_exists(app, gone) is (how == "withdraw")


@pytest.mark.parametrize("how", ["delete", "withdraw"])
def test_a_destroyed_zip_is_no_longer_offered(app, admin_client, exported, how):
    gone, _kept, _outside = exported
    assert 'href="/export/jobs/1/download"' in admin_client.get("/export/").get_data(as_text=True)
    ERASE[how](admin_client, gone)
    html = admin_client.get("/export/").get_data(as_text=True)
    assert 'href="/export/jobs/1/download"' not in html
    assert f"it held {gone}, who withdrew or was deleted" in html
    assert admin_client.get("/export/jobs/1").get_json()["download_url"] is None
    assert admin_client.get("/export/jobs/1/download").status_code == 404
    with app.app_context():
        copies = db.session.execute(db.select(ExportCopy).order_by(ExportCopy.id)).scalars()
        destroyed = {(copy.kind, copy.destroyed_at is not None) for copy in copies}
    assert ("zip", True) in destroyed and ("pdf_cache", False) in destroyed


@pytest.mark.parametrize("how", ["delete", "withdraw"])
def test_the_result_page_lists_every_copy_outside_the_tool(app, admin_client, exported, how):
    gone, _kept, outside = exported
    page = admin_client.get(ERASE[how](admin_client, gone).headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "These 3 copies of this participant’s data left the tool" in html
    assert "Export zip downloaded" in html and "export-1-" in html
    assert "Command-line export" in html and str(outside.resolve()) in html
    assert "Coding PDF downloaded" in html
    assert html.count("<td>admin</td>") == 2  # the zip and the PDF were downloaded by the admin
    with app.app_context():
        events = db.session.execute(
            db.select(AuditEvent.action, AuditEvent.detail).filter_by(participant_code=gone)
        ).all()
    action = "delete" if how == "delete" else "consent_withdrawn"
    assert (action, "2 exported files removed") in events  # the zip and its cached PDF, no more


def test_the_result_page_is_for_admins_and_says_when_nothing_left(admin_client, client, app):
    with app.app_context():
        code = marked_participant(1, GONE)
    html = admin_client.get(withdraw(admin_client, code).headers["Location"]).get_data(as_text=True)
    assert "No copy of this participant’s data is known to have left the tool." in html
    assert admin_client.get("/participants/P09/erased").status_code == 404
    post_form(admin_client, "/logout", token_from="/")
    post_form(client, "/login", {"username": "anna", "password": "correct horse battery"})
    assert client.get(f"/participants/{code}/erased").status_code == 403


def test_a_deleted_code_is_never_given_again(admin_client, app):
    data = {"therapist_code": "T03", "interviewer_id": "2", "session_date": "2026-11-25"}
    new = lambda: post_form(admin_client, "/participants/new", data, token_from="/")  # noqa: E731
    assert [new().headers["Location"] for _ in range(2)] == [
        "/participants/P01",
        "/participants/P02",
    ]
    delete(admin_client, "P02")
    assert new().headers["Location"] == "/participants/P03"
    with app.app_context():
        numbers = db.session.execute(db.select(Participant.number)).scalars().all()
        history = db.session.execute(
            db.select(AuditEvent.action).filter_by(participant_code="P03")
        ).scalars()
        assert sorted(numbers) == [1, 3] and list(history) == ["create"]


def test_the_page_of_a_withdrawn_participant_offers_nothing_of_the_old_data(admin_client, app):
    with app.app_context():
        code = marked_participant(1, GONE)
    before = admin_client.get(f"/participants/{code}").get_data(as_text=True)
    assert "Download coding PDF" in before
    withdraw(admin_client, code)
    html = admin_client.get(f"/participants/{code}").get_data(as_text=True)
    assert "Withdrawn " in html
    for offer in (
        "Download coding PDF",
        "Download archival PDF/A",
        "opens once the consent is signed",
        "can start once the consent is signed",
    ):
        assert offer not in html, offer
    assert "What was erased, and copies to destroy" in html
    for path in ("coding.pdf", "coding.pdf?pdfa=1", "record.json"):
        response = admin_client.get(f"/participants/{code}/{path}")
        assert response.status_code == 404 and response.headers["X-Interview-Erased"] == code


def test_a_zip_made_before_the_register_still_goes(app, admin_client, instance_path):
    with app.app_context():
        code = marked_participant(1, GONE)
        db.session.add(ExportJob(status="done", filename="old.zip", done=1, total=1))
        db.session.commit()
    (instance_path / "exports").mkdir()
    with zipfile.ZipFile(instance_path / "exports" / "old.zip", "w") as archive:
        archive.writestr("answers.csv", GONE)
    delete(admin_client, code)
    assert places_holding(instance_path, GONE) == []
    assert 'href="/export/jobs/1/download"' not in admin_client.get("/export/").get_data(
        as_text=True
    )


@sqlite_only
def test_the_migration_starts_the_code_counter_at_the_highest_number(tmp_path):
    from flask_migrate import upgrade

    app = create_app(base_config(tmp_path / "old"))
    with app.app_context():
        upgrade(revision="0001")
        db.session.execute(
            db.text(
                "INSERT INTO participants (number, code, therapist_code, session_date, note, created_at)"
                " VALUES (7, 'P07', 'T1', '2026-11-25', '', '2026-11-25 10:00:00')"
            )
        )
        db.session.commit()
        upgrade()
        assert (
            db.session.scalar(
                db.text("SELECT value FROM counters WHERE name = 'participant_number'")
            )
            == 7
        )
        # The session's connection goes back first: disposing under it leaves it open (PostgreSQL).
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="PostgreSQL's VACUUM")
def test_postgresql_vacuums_the_touched_tables_after_the_commit(app, admin_client):
    with app.app_context():
        code = marked_participant(1, GONE)
        statements = []
        listen = lambda _conn, _cursor, sql, *rest: statements.append(sql)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
    try:
        withdraw(admin_client, code)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listen)
    vacuums = [sql for sql in statements if sql.startswith("VACUUM")]
    assert len(vacuums) == 1 and "answer_revisions" in vacuums[0] and "answers" in vacuums[0]
