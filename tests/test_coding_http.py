"""The coding pages over HTTP: who may code, the save endpoint, the codebook pages and history."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from coding_helpers import add_analyst, code_named, post_op
from factories import interviewed_participant

from interview.extensions import db
from interview.models import AuditEvent, Citation, Consent

PAGES = [
    "/coding/",
    "/coding/P01",
    "/coding/P01/compare",
    "/coding/codebook",
    "/coding/codebook/history",
    "/coding/compare",
    "/coding/quotations",
    "/coding/snapshots",
]


@pytest.fixture
def analyst(app, client, auth):
    """Maja, an analyst, logged in; P01 has typed answers."""
    add_analyst(app, "maja")
    interviewed_participant(app)
    assert auth.login("maja").status_code == 302
    return client


def page_data(client, path="/coding/P01"):
    html = client.get(path).get_data(as_text=True)
    match = re.search(
        r'<script type="application/json" id="coding-data">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def guid_of(app, name):
    with app.app_context():
        return code_named(name).guid


@pytest.mark.parametrize("path", PAGES)
def test_interviewers_are_refused_every_coding_page(app, logged_in, path):
    interviewed_participant(app)
    assert logged_in.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_analysts_and_admins_open_every_coding_page(app, analyst, path):
    assert analyst.get(path).status_code == 200


def test_admins_may_code(app, admin_client):
    interviewed_participant(app)
    assert admin_client.get("/coding/P01").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(app, client):
    assert client.get("/coding/").status_code == 302


def test_the_coding_page_shows_codes_and_answers_but_never_names(app, analyst):
    with app.app_context():
        consent = db.session.scalar(db.select(Consent))
        consent.participant_name = "Marija Čebašek"
        db.session.commit()
    html = analyst.get("/coding/P01").get_data(as_text=True)
    assert "P01" in html and "She understood me before I said it." in html
    assert "How has therapy been for you so far?" in html  # a question heading
    assert "Čebašek" not in html and "signature" not in html.lower()


def test_a_passage_saved_through_the_endpoint_comes_back_on_the_page(app, analyst):
    guid = str(uuid.uuid4())
    text = "She listened."
    data = page_data(analyst)
    assert data["citations"] == []
    start = 29  # "It felt safe from the start.\n" is 29 code points
    response = post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": guid,
            "start": start,
            "end": start + len(text),
            "quote": text,
            "codes": [guid_of(app, "Empathic attunement")],
        },
    )
    assert response.status_code == 200, response.get_json()
    (state,) = response.get_json()["changed"]
    assert (state["g"], state["n"], state["s"]) == (guid, 1, 29)
    assert page_data(analyst)["citations"][0]["g"] == guid


def test_a_quote_that_does_not_match_is_refused_with_a_message(app, analyst):
    response = post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": str(uuid.uuid4()),
            "start": 0,
            "end": 7,
            "quote": "It fel!",
            "codes": [guid_of(app, "Acceptance")],
        },
    )
    assert response.status_code == 400
    assert "does not match" in response.get_json()["message"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Citation.id))) == 0


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"kind": "explode"},
        {"kind": "create", "op": "x"},
        {"kind": "memo", "op": str(uuid.uuid4())},
    ],
)
def test_malformed_requests_are_400_not_500(app, analyst, payload):
    token_page = analyst.get("/coding/P01").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', token_page).group(1)
    response = analyst.post("/coding/P01/ops", json=payload, headers={"X-CSRFToken": token})
    assert response.status_code == 400


def test_a_request_without_the_token_is_refused(app, analyst):
    response = analyst.post("/coding/P01/ops", json={"kind": "undo", "op": str(uuid.uuid4())})
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf"


def test_the_codebook_starts_from_the_file(app, analyst):
    html = analyst.get("/coding/codebook").get_data(as_text=True)
    for name in ("Empathic attunement", "The experience of contact", "Acceptance", "Match"):
        assert name in html
    history = analyst.get("/coding/codebook/history").get_data(as_text=True)
    assert "Started from the codebook file" in history and "helpful-relationship" in history


def audit_actions(app) -> list[tuple[str, str | None, str]]:
    with app.app_context():
        rows = db.session.execute(
            db.select(AuditEvent.action, AuditEvent.participant_code, AuditEvent.detail)
            .where(AuditEvent.action.like("cod%") | (AuditEvent.action == "quotations"))
            .order_by(AuditEvent.id)
        )
        return [tuple(row) for row in rows]


def test_reading_and_coding_an_interview_is_in_the_audit_log_without_the_words(app, analyst):
    analyst.get("/coding/P01")
    guid = str(uuid.uuid4())
    code_guid = guid_of(app, "Empathic attunement")
    post_op(
        analyst,
        "P01",
        {
            "kind": "create",
            "citation": guid,
            "start": 0,
            "end": 4,
            "quote": "It f",
            "codes": [code_guid],
        },
    )
    post_op(analyst, "P01", {"kind": "memo", "citation": guid, "memo": "A private thought"})
    with app.app_context():
        code_id = code_named("Empathic attunement").id
    analyst.get(f"/coding/quotations?code={code_id}")
    actions = audit_actions(app)
    assert ("coding_view", "P01", "") in actions
    assert ("coding_create", "P01", f"coder {guid}") in actions
    assert ("coding_memo", "P01", f"coder {guid}") in actions
    assert any(
        action == "quotations" and "Empathic attunement" in detail for action, _, detail in actions
    )
    assert not any("It f" in detail or "private" in detail for _, _, detail in actions)
