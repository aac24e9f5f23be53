"""Who may do what: every route × every role from one table, `can` per role, no names for analysts.

The expected table below is written independently of interview/permissions.py: it states the
policy route by route, and the app has to agree. A route missing from it fails the suite, so every
new route gets a decision.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import NamedTuple

import openpyxl
import pytest
from consent_helpers import SIGNATURE
from factories import NAME, NOTE, captured_participant, interviewer
from flask import Flask
from flask.testing import FlaskClient
from flask_login import current_user
from helpers import CSRF_META, PASSWORD, AuthActions
from pdf_helpers import pdf_text
from recording_helpers import WEBM, new_segment, webm_audio

from interview.coding.compare import compare, keep_snapshot
from interview.export.bulk.jobs import RUNNER_KEY, ExportOptions, run_job
from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import INTERVIEW_IN_PROGRESS, ExportJob, User
from interview.permissions import ROLES, AnonymousUser, Permission
from interview.recording.intake import ChunkIn, accept_chunk

ADMIN, INTERVIEWER, ANALYST = "admin", "interviewer", "analyst"
ACCOUNTS = {ADMIN: "admin", INTERVIEWER: "anna", ANALYST: "alice"}  # the app fixture's accounts
EVERYONE = frozenset({ADMIN, INTERVIEWER, ANALYST})
STAFF = frozenset({ADMIN, INTERVIEWER})  # who runs sessions
RESEARCH = frozenset({ADMIN, ANALYST})  # who works with the research data in bulk
CODERS = frozenset({ADMIN, ANALYST})  # who codes the transcripts
ADMIN_ONLY = frozenset({ADMIN})
CODE = "P05"
SIGNED_AS = "Anna Interviewer"  # the interviewer's name on P05's consent (tests/factories.py)

# Every endpoint of the app → the roles that may use it (the others get 403).
EXPECTED: dict[str, frozenset[str]] = {
    "static": EVERYONE,
    "healthz": EVERYONE,
    "auth.login": EVERYONE,
    "auth.logout": EVERYONE,
    "auth.setup": EVERYONE,  # 404 once an account exists
    "auth.change_password": EVERYONE,  # one's own password
    "auth.change_language": EVERYONE,  # one's own pages' language
    "participants.index": EVERYONE,
    "participants.detail": EVERYONE,  # the analyst's page has no consent panel and no note
    "participants.new": STAFF,
    "participants.edit": STAFF,
    "participants.delete": ADMIN_ONLY,
    "participants.erased": ADMIN_ONLY,  # 404 until an erasure happened
    "admin.users": ADMIN_ONLY,
    "admin.toggle_user": ADMIN_ONLY,
    "admin.reset_password": ADMIN_ONLY,
    "admin.audit": ADMIN_ONLY,
    "consent.sign": STAFF,
    "consent.countersign": STAFF,
    "consent.pdf": STAFF,  # anna took P05's consent; others' consents: test_consent_pdf.py
    "consent.withdraw": ADMIN_ONLY,
    "questionnaire.fill": STAFF,
    "questionnaire.done": STAFF,
    "questionnaire.history": STAFF,
    "handover.start": STAFF,
    "handover.next_task": STAFF,
    "handover.unlock": STAFF,
    "interviews.start": STAFF,
    "interviews.screen": STAFF,
    "interviews.autosave": STAFF,
    "interviews.save_section_form": STAFF,
    "interviews.adhoc": STAFF,
    "interviews.finish": STAFF,
    "interviews.reopen": STAFF,
    "interviews.history": STAFF,
    # The recording: the voice identifies the participant, so it stays with who runs sessions;
    # the audio files leave the tool only in an admin's explicit export.
    "recording.chunk": STAFF,
    "recording.status": STAFF,
    "recording.listen": STAFF,
    "recording.segment": STAFF,
    "recording.chapters": STAFF,
    "recording.export": ADMIN_ONLY,
    # Typing the transcript beside the recording: who may hear it (the player is on the page).
    "transcripts.editor": STAFF,
    "transcripts.save": STAFF,
    "transcripts.insert": STAFF,
    "transcripts.delete": STAFF,
    "transcripts.boundaries": STAFF,
    # Importing a transcript: with who runs sessions (the coders code it once it is there).
    "transcript_import.upload": STAFF,
    "transcript_import.preview": STAFF,
    "changes.add_change_view": STAFF,
    "changes.edit_change_view": STAFF,
    "changes.delete_change_view": STAFF,
    "changes.move_change_view": STAFF,
    "changes.edit_adhoc_view": STAFF,
    "changes.delete_adhoc_view": STAFF,
    "export.record_json": EVERYONE,
    "export.coding_pdf_file": EVERYONE,
    "export.index": RESEARCH,
    "export.start": RESEARCH,
    "export.job_status": RESEARCH,
    "export.download": RESEARCH,
    "exchange.index": RESEARCH,
    "exchange.download_qdpx": RESEARCH,
    "exchange.download_qdpx_audio": ADMIN_ONLY,  # the recordings: voices identify participants
    "exchange.download_qdc": RESEARCH,
    "exchange.upload": CODERS,
    "analysis.index": RESEARCH,
    "analysis.pdf": RESEARCH,
    "analysis.download": RESEARCH,
    "coding.index": CODERS,
    "coding.document": CODERS,
    "coding.state": CODERS,
    "coding.operation": CODERS,
    "coding.done": CODERS,
    "coding.codebook": CODERS,
    "coding.new_code": CODERS,
    "coding.change_code": CODERS,
    "coding.history": CODERS,
    "coding.compare_document": CODERS,
    "coding.compare_study": CODERS,
    "coding.snapshot": CODERS,
    "coding.snapshot_list": CODERS,
    "coding.snapshot_view": CODERS,
    "coding.reconcile": CODERS,
    "coding.quotation_list": CODERS,
    # The redaction list: who runs sessions and who codes both know the names in the texts; the
    # consent name stays hidden from analysts. Exports without the review: the admin's say-so.
    "redaction.index": EVERYONE,
    "redaction.add_study_term": EVERYONE,
    "redaction.remove": EVERYONE,
    "redaction.review": EVERYONE,
    "redaction.add_participant_term": EVERYONE,
    "redaction.decide_one": EVERYONE,
    "redaction.decide_all": EVERYONE,
    "redaction.waive_review": ADMIN_ONLY,
}

# What each POST sends besides the CSRF token: enough to change something were it let through.
POST_BODIES: dict[str, dict] = {
    "participants.delete": {"data": {"confirm": CODE}},
    "consent.withdraw": {"data": {"confirm": CODE}},
    "handover.start": {"data": {"tasks": "questionnaire"}},
    "interviews.autosave": {"json": {"question_id": "how-therapy-felt", "text": "overwritten"}},
    "interviews.adhoc": {
        "data": {"section_id": "general", "after": "how-therapy-felt", "wording": "Why?"}
    },
    "changes.add_change_view": {"data": {"description": "A new change.", "kind": "worse"}},
    "changes.move_change_view": {"data": {"direction": "down"}},
    "auth.login": {"data": {"username": "alice", "password": PASSWORD}},
    "admin.users": {"data": {"username": "mallory", "password": PASSWORD, "role": "admin"}},
    "participants.edit": {
        "data": {"therapist_code": "T99", "interviewer_id": "2", "session_date": "2026-12-01"}
    },
    "admin.reset_password": {"data": {"password": "a new password", "confirm": "a new password"}},
    # A wrong current password: were the right one sent, the walk's own login would end with it.
    "auth.change_password": {
        "data": {"current": "not the password", "password": "a new password", "confirm": "x"}
    },
    "auth.change_language": {"data": {"language": "en"}},
    "questionnaire.fill": {"data": {"item-age": "99"}},
    "changes.edit_change_view": {"data": {"description": "Edited.", "kind": "worse"}},
    "changes.edit_adhoc_view": {"data": {"wording": "Edited?"}},
    "transcripts.insert": {
        "json": {"position": 0, "version": 0, "speaker": "participant", "text": "Inserted."}
    },
    "transcripts.save": {
        "json": {"position": 0, "version": 0, "speaker": "participant", "text": "Typed."}
    },
    "transcripts.delete": {"json": {"position": 0, "version": 0}},
    "transcripts.boundaries": {"data": {"position": "0", "version": "0", "question": "-"}},
    "redaction.add_study_term": {"data": {"text": "Clinic Vrhnika", "kind": "place"}},
    "redaction.add_participant_term": {"data": {"text": "Petra", "kind": "person"}},
    "redaction.remove": {"data": {"term_id": "1"}},
    "redaction.decide_one": {"data": {"term": "petra", "kind": "person", "decision": "accepted"}},
    "redaction.decide_all": {"data": {"decision": "accepted"}},
    "redaction.waive_review": {"data": {"confirm": CODE}},
}
# Run last, in this order: after them the participant's data are gone (later requests see 404).
DESTRUCTIVE = ("consent.withdraw", "participants.delete")
# These end or lock the login they are sent in (the server holds both): each gets its own login.
OWN_LOGIN = frozenset({"auth.logout", "handover.start"})


@pytest.fixture
def study(app: Flask) -> dict:
    """P05 with everything recorded (an interview under way) and a finished bulk export."""
    with app.app_context():
        participant = captured_participant(5)
        consent = participant.consent
        # Clauses shown and signatures as the consent pages store them: research may go on,
        # and the consent PDF renders.
        clauses = current_instruments().consent.clauses
        consent.text_shown = {
            **consent.text_shown,
            "clauses": [{"id": c.id, "text": c.text, "required": c.required} for c in clauses],
        }
        consent.participant_signature = consent.interviewer_signature = SIGNATURE
        participant.interview.status = INTERVIEW_IN_PROGRESS
        participant.interview.finished_at = None
        anna = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        job = ExportJob(created_by_id=anna.id, pdfa=False, status="queued")
        db.session.add(job)
        db.session.commit()
        record_audio(participant)
        admin, alice = interviewer("admin"), interviewer("alice")
        snapshot = keep_snapshot(compare([], admin, alice), admin)
        values = {"user_id": anna.id, "job_id": job.id, "snapshot_id": snapshot.id}
    app.config["EXPORT_WORKERS"] = 1
    run_job(app, values["job_id"], ExportOptions())
    app.extensions[RUNNER_KEY] = lambda *job: None  # exports started by the walk stay queued
    return {
        **values,
        "code": CODE,
        "number": "1",
        "section_id": "general",
        "question_id": "adhoc-1",
        "token": "no-such-token",
        "filename": "css/app.css",
        "name": "table1.csv",
        "code_id": "1",
        "action": "rename",
    }


def record_audio(participant) -> None:
    """One recorded segment, so the recording's pages and files answer with real content."""
    data = webm_audio(1.0)
    chunk = ChunkIn(new_segment(), 0, hashlib.sha256(data).hexdigest(), 0, WEBM, "stop", data)
    accept_chunk(participant, chunk)


class Session:
    """One logged-in browser session, replayed in a fresh client for each request.

    A logout or a hand-over ends or locks the login on the server, so those requests are sent in a
    login of their own (OWN_LOGIN) and leave the next request untouched.
    """

    def __init__(self, app: Flask, username: str) -> None:
        client = app.test_client()
        assert AuthActions(client).login(username).status_code == 302
        page = client.get("/").get_data(as_text=True)
        self.token = CSRF_META.search(page).group(1)
        self.cookie = client.get_cookie("session").value
        self.app, self.username = app, username

    def client(self) -> FlaskClient:
        """A new browser holding this session's cookie."""
        client = self.app.test_client()
        client.set_cookie("session", self.cookie)
        return client

    def get(self, url: str):
        """GET in a fresh copy of the session (the body read, the file behind it closed)."""
        with self.client().get(url) as response:
            response.get_data()
        return response

    def sender(self, endpoint: str) -> Session:
        """The session to POST to this endpoint in: this one, or a new login for OWN_LOGIN."""
        return Session(self.app, self.username) if endpoint in OWN_LOGIN else self

    def post(self, endpoint: str, url: str):
        """POST with the CSRF token (a form, or JSON with the header as autosave.js sends it)."""
        body = POST_BODIES.get(endpoint, {})
        headers = {"X-CSRFToken": self.token}
        if "json" in body:
            return self.client().post(url, json=body["json"], headers=headers)
        data = {"csrf_token": self.token, **body.get("data", {})}
        return self.client().post(url, data=data, headers=headers)


class Route(NamedTuple):
    """One rule of the app with its arguments filled in."""

    endpoint: str
    url: str
    methods: frozenset[str]

    @property
    def method(self) -> str:
        """GET where the route answers GET, else POST."""
        return "GET" if "GET" in self.methods else "POST"


def routes(app: Flask, values: dict) -> list[Route]:
    """Every rule of the app with real ids filled in: GETs first, the destructive POSTs last."""
    found = []
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        for rule in app.url_map.iter_rules():
            url = adapter.build(rule.endpoint, {arg: values[arg] for arg in rule.arguments})
            found.append(Route(rule.endpoint, url, frozenset(rule.methods)))
    return sorted(found, key=lambda route: (route.method, last(route.endpoint)))


def last(endpoint: str) -> int:
    """0 for most routes; the destructive ones after them, in DESTRUCTIVE's order."""
    return DESTRUCTIVE.index(endpoint) + 1 if endpoint in DESTRUCTIVE else 0


def outcome(response) -> str:
    """The verdict: "403", "login" (the login gate's redirect carries ?next=) or "allowed"."""
    if response.status_code == 403:
        return "403"
    if response.status_code == 302 and response.location.startswith("/login?next="):
        return "login"
    return "allowed"


def database_rows(app: Flask) -> dict[str, list]:
    """Every row of every table, to prove a refused request changed nothing."""
    with app.app_context():
        return {
            table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables
        }


def test_the_table_names_every_route_of_the_app(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(EXPECTED) == set(), "new routes: decide who may use them in EXPECTED"
    assert set(EXPECTED) - endpoints == set(), "routes gone: remove them from EXPECTED"


@pytest.mark.parametrize("role", [ADMIN, INTERVIEWER, ANALYST])
def test_every_route_answers_each_role_as_the_table_says(app, study, role):
    session = Session(app, ACCOUNTS[role])
    observed, statuses = {}, {}
    for endpoint, url, methods in routes(app, study):
        if "GET" in methods:
            response = session.get(url)
        else:
            sender = session.sender(endpoint)  # logged in before the rows are compared
            before = database_rows(app)
            response = sender.post(endpoint, url)
            if outcome(response) == "403":
                assert database_rows(app) == before, f"refused POST {endpoint} changed data"
        observed[endpoint] = outcome(response)
        statuses[endpoint] = response.status_code
    expected = {
        endpoint: "allowed" if role in EXPECTED[endpoint] else "403" for endpoint in EXPECTED
    }
    assert observed == expected
    if role == ADMIN:  # the walk used real ids: only the closed set-up link is missing
        assert {endpoint for endpoint, status in statuses.items() if status == 404} == {
            "auth.setup",
            "participants.erased",  # nobody was erased yet
        }


@pytest.mark.parametrize(("role", "least"), [(INTERVIEWER, 1), (ANALYST, 10)])
def test_refused_posts_to_form_pages_change_nothing(app, study, role, least):
    """Pages that show a form on GET and save on POST refuse the POST as well."""
    session = Session(app, ACCOUNTS[role])
    refused = [
        route
        for route in routes(app, study)
        if role not in EXPECTED[route.endpoint] and {"GET", "POST"} <= route.methods
    ]
    for route in refused:
        sender = session.sender(route.endpoint)
        before = database_rows(app)
        assert sender.post(route.endpoint, route.url).status_code == 403, route.endpoint
        assert database_rows(app) == before, route.endpoint
    assert len(refused) >= least


def readable_text(response) -> str:
    """What a download says: text as is, PDFs as extracted text, zips member by member."""
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return " ".join(member_text(name, archive.read(name)) for name in archive.namelist())
    return response.get_data(as_text=True)


def member_text(name: str, data: bytes) -> str:
    """One zip member as text: a PDF's extracted text, a workbook's cells, else the file."""
    if name.endswith(".pdf"):
        return pdf_text(data)
    if name.endswith(".xlsx"):
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return data.decode()


def test_the_analyst_sees_no_name_or_note_anywhere(app, study):
    session = Session(app, "alice")
    opened = 0
    for endpoint, url, methods in routes(app, study):
        if "GET" not in methods:
            continue
        response = session.get(url)
        text = readable_text(response)
        for secret in (NAME, SIGNED_AS, NOTE):
            assert secret not in text, (endpoint, secret)
        opened += response.status_code == 200
    assert opened >= 7  # list, page, record.json, two PDFs, export page, job, zip, health …


def test_the_analysts_participant_page_offers_only_what_they_may_do(analyst_client, study):
    page = analyst_client.get(f"/participants/{CODE}").get_data(as_text=True)
    assert (
        f"/participants/{CODE}/record.json" in page and f"/participants/{CODE}/coding.pdf" in page
    )
    for hidden in ("consent-panel", "/consent", "/edit", "/delete", "/handover", "/interview"):
        assert hidden not in page.replace(f"/participants/{CODE}/coding.pdf", ""), hidden
    assert "New participant" not in analyst_client.get("/").get_data(as_text=True)


def test_the_menu_follows_the_role(app, study):
    menu = {
        "admin": {"/admin/users", "/admin/audit", "/export/"},
        "anna": set(),
        "alice": {"/export/"},
    }
    for username, links in menu.items():
        page = Session(app, username).get("/").get_data(as_text=True)
        shown = {link for link in ("/admin/users", "/admin/audit", "/export/") if link in page}
        assert shown == links, username


# What each role may do, stated once more in plain words for `can` (independent of the module).
CAN = {
    ADMIN: set(Permission),
    INTERVIEWER: {
        "participants.view",
        "participants.edit",
        "consent.view",
        "consent.take",
        "questionnaire.fill",
        "interview.conduct",
        "recording.listen",
        "transcript.edit",
        "handover.start",
        "export.participant",
        "transcript.read",
        "redaction.review",
    },
    ANALYST: {
        "participants.view",
        "export.participant",
        "export.bulk",
        "research.view",
        "research.code",
        "transcript.read",
        "redaction.review",
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_can_answers_per_role(role):
    user = User(username="x", password_hash="x", role=role)
    assert {permission for permission in Permission if user.can(permission)} == CAN[role]
    assert all(user.can(str(permission)) for permission in CAN[role])  # plain strings work too


def test_the_analyst_never_gets_names_consent_or_participant_mode():
    analyst = User(username="x", password_hash="x", role=ANALYST)
    for permission in ("consent.view", "consent.take", "consent.pdf", "handover.start"):
        assert not analyst.can(permission)


@pytest.mark.parametrize("role", [None, "", "superuser", "Admin"])
def test_unknown_roles_may_do_nothing(role):
    user = User(username="x", password_hash="x", role=role)
    assert not any(user.can(permission) for permission in Permission)


def test_anonymous_visitors_may_do_nothing(app):
    with app.test_request_context():
        assert isinstance(current_user._get_current_object(), AnonymousUser)
        assert not any(current_user.can(permission) for permission in Permission)


def test_a_misspelt_permission_fails_loudly():
    with pytest.raises(ValueError):
        User(username="x", password_hash="x", role=ADMIN).can("users.mange")
    with pytest.raises(ValueError):
        AnonymousUser().can("users.mange")


def test_only_accounts_that_interview_are_offered_as_interviewers(logged_in):
    page = logged_in.get("/participants/new").get_data(as_text=True)
    assert ">anna<" in page and ">admin<" in page and ">alice<" not in page
