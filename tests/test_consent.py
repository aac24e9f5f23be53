"""Consent: signing with required clauses, name and signature; declining; countersigning; the frozen hash."""

from __future__ import annotations

import json

import pytest
from consent_helpers import (
    INTERVIEWER,
    NAME,
    OPTIONAL,
    REQUIRED,
    SIGNATURE,
    SIGNATURE_JSON,
    USER_AGENT,
    consent_columns,
    consent_of,
    post_countersign,
    post_sign,
    sign_fully,
)
from factories import participant_via_form
from helpers import csrf_token, post_form

from interview.consent.hashing import consent_sha256
from interview.consent.services import (
    canonical_record,
    consent_allows_research,
    consent_intact,
    render_markdown,
)
from interview.extensions import db
from interview.models import AuditEvent, Consent, Participant


@pytest.fixture
def code(logged_in) -> str:
    """A new participant of the logged-in interviewer."""
    return participant_via_form(logged_in)


def participant(code: str) -> Participant:
    """The participant, inside an app context."""
    return db.session.execute(db.select(Participant).filter_by(code=code)).scalar_one()


def test_form_shows_the_current_consent_text_and_a_signature_pad(logged_in, code):
    html = logged_in.get(f"/participants/{code}/consent").get_data(as_text=True)
    assert "Consent to take part in the study" in html
    assert "<strong>helpful in the relationship with their\ntherapist</strong>" in html
    for clause_id in REQUIRED + OPTIONAL:
        assert f'name="clause-{clause_id}"' in html
    assert 'name="participant_name"' in html
    assert 'name="participant_signature"' in html and "data-signature-pad" in html
    assert 'value="sign"' in html and 'value="decline"' in html
    assert "<noscript>" in html and "js/signature.js" in html
    assert "participant-page" in html


def test_participant_signs_then_interviewer_countersigns_and_the_record_is_frozen(
    logged_in, app, code
):
    response = post_sign(logged_in, code)
    assert response.headers["Location"] == f"/participants/{code}/consent/countersign"
    pending = consent_of(app, code)
    assert pending.status == "pending" and pending.sha256 is None
    assert pending.participant_name == NAME and pending.user_agent == USER_AGENT
    assert pending.participant_signature == SIGNATURE
    assert pending.clause_answers == {cid: True for cid in REQUIRED + OPTIONAL}
    assert [c["id"] for c in pending.text_shown["clauses"]] == [
        "purpose", "voluntary", "recording", "quotes", "storage"
    ]  # fmt: skip
    page = logged_in.get(f"/participants/{code}/consent/countersign").get_data(as_text=True)
    assert NAME in page and "Interviewer&#39;s name" in page

    assert post_countersign(logged_in, code).headers["Location"] == f"/participants/{code}"
    with app.app_context():
        consent = participant(code).consent
        assert consent.status == "signed" and consent.interviewer_name == INTERVIEWER
        assert consent.sha256 == consent_sha256(canonical_record(consent))
        assert consent_intact(consent) and consent_allows_research(participant(code))
        assert consent.instrument_version == "1.0" and len(consent.instrument_sha256) == 64
        actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"consent_signed", "consent_countersigned"} <= set(actions)
    html = logged_in.get(f"/participants/{code}").get_data(as_text=True)
    assert "version 1.0, hash " + consent.sha256[:16] in html and "Record intact" in html


def test_an_optional_clause_may_be_left_unticked(logged_in, app, code):
    sign_fully_without = post_sign(logged_in, code, **{"clause-quotes": None})
    assert sign_fully_without.status_code == 302
    post_countersign(logged_in, code)
    assert consent_of(app, code).clause_answers["quotes"] is False
    with app.app_context():
        assert consent_allows_research(participant(code))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"clause-voluntary": None}, "You need to agree to this to take part."),
        ({"clause-purpose": None, "clause-storage": None}, "You need to agree to this"),
        ({"participant_name": ""}, "Please write your name."),
        ({"participant_name": "   "}, "Please write your name."),
        ({"participant_name": "x" * 201}, "The name is too long"),
        ({"participant_signature": ""}, "Please sign in the box."),
        ({"participant_signature": '{"v":1,"w":600,"h":200,"strokes":[]}'}, "Please sign in the box."),
        ({"participant_signature": "not json"}, "The signature could not be read."),
        ({"participant_signature": '{"v":1}'}, "The signature data has parts missing"),
        ({"participant_signature": json.dumps({**SIGNATURE, "strokes": [[1, 2, 700, 3]]})},
         "outside the signature box"),
        ({"participant_signature": " " * (200 * 1024 + 1)}, "The signature is too large"),
        ({"participant_signature": "[" + "0," * 120_000 + "0]"}, "The signature is too large"),
    ],
)  # fmt: skip
def test_incomplete_or_bad_consent_is_refused_and_nothing_written(
    logged_in, app, code, overrides, message
):
    response = post_sign(logged_in, code, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert consent_of(app, code) is None


def test_a_refused_signature_is_not_handed_back_to_the_pad(logged_in, code):
    html = post_sign(logged_in, code, participant_signature="not json").get_data(as_text=True)
    assert 'name="participant_signature" id="participant_signature" value=""' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"interviewer_name": ""}, "Please write your name."),
        ({"interviewer_signature": ""}, "Please sign in the box."),
        ({"interviewer_signature": "{]"}, "The signature could not be read."),
    ],
)
def test_countersignature_needs_name_and_signature(logged_in, app, code, overrides, message):
    post_sign(logged_in, code)
    before = consent_columns(app, code)
    response = post_countersign(logged_in, code, **overrides)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert consent_columns(app, code) == before


def test_declining_stores_only_the_date_and_blocks_research(logged_in, app, code):
    response = post_sign(logged_in, code, action="decline")
    assert response.headers["Location"] == f"/participants/{code}"
    consent = consent_of(app, code)
    assert consent.status == "declined" and consent.declined_at is not None
    stored = {key: value for key, value in consent_columns(app, code).items() if value is not None}
    assert set(stored) == {"id", "participant_id", "status", "declined_at", "created_at"}
    with app.app_context():
        assert not consent_allows_research(participant(code))
    assert "Declined " in logged_in.get(f"/participants/{code}").get_data(as_text=True)


def test_declining_needs_nothing_filled_in(logged_in, app, code):
    token = csrf_token(logged_in, f"/participants/{code}/consent")
    response = logged_in.post(
        f"/participants/{code}/consent", data={"csrf_token": token, "action": "decline"}
    )
    assert response.status_code == 302
    assert consent_of(app, code).status == "declined"


def test_a_participant_who_declined_may_still_sign_later(logged_in, app, code):
    post_sign(logged_in, code, action="decline")
    sign_fully(logged_in, code)
    consent = consent_of(app, code)
    assert consent.status == "signed" and consent.declined_at is None


def test_research_is_allowed_only_with_a_countersigned_consent_with_every_required_clause(
    logged_in, app, code
):
    with app.app_context():
        assert not consent_allows_research(participant(code))
    post_sign(logged_in, code)
    with app.app_context():
        assert not consent_allows_research(participant(code))  # countersignature missing
    post_countersign(logged_in, code)
    with app.app_context():
        consent = participant(code).consent
        assert consent_allows_research(consent.participant)
        consent.clause_answers = {**consent.clause_answers, "recording": False}
        db.session.commit()
        assert not consent_allows_research(participant(code))


def consent_post_routes(app):
    """Every consent route that accepts POST."""
    return [
        rule.rule.replace("<code>", "{code}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("consent.") and "POST" in (rule.methods or ())
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "decline"},
        {"action": "sign", "participant_name": "Someone Else", "clause-purpose": "y"},
        {"interviewer_name": "Someone Else", "interviewer_signature": SIGNATURE_JSON},
        {"confirm": "P01"},
    ],
)
def test_no_route_changes_a_signed_consent(logged_in, app, code, data):
    sign_fully(logged_in, code)
    before = consent_columns(app, code)
    routes = consent_post_routes(app)
    assert len(routes) >= 3
    for route in routes:
        full = {"participant_signature": SIGNATURE_JSON, **data}
        response = post_form(logged_in, route.format(code=code), full, token_from="/")
        assert response.status_code in (403, 409), route
    assert consent_columns(app, code) == before


def test_the_hash_check_detects_a_record_altered_in_the_database(logged_in, app, code):
    sign_fully(logged_in, code)
    assert "Record intact" in logged_in.get(f"/participants/{code}").get_data(as_text=True)
    with app.app_context():
        db.session.execute(db.update(Consent).values(participant_name="Somebody Else"))
        db.session.commit()
        assert not consent_intact(participant(code).consent)
    html = logged_in.get(f"/participants/{code}").get_data(as_text=True)
    assert "This consent record was altered after signing." in html
    assert "Record intact" not in html


@pytest.mark.parametrize(
    "column", ["clause_answers", "text_shown", "participant_signature", "countersigned_at"]
)
def test_every_part_of_the_record_is_covered_by_the_hash(logged_in, app, code, column):
    sign_fully(logged_in, code)
    with app.app_context():
        consent = participant(code).consent
        changed = {
            "clause_answers": {**consent.clause_answers, "quotes": False},
            "text_shown": {**consent.text_shown, "intro": "Other words."},
            "participant_signature": {**SIGNATURE, "strokes": SIGNATURE["strokes"][:1]},
            "countersigned_at": consent.countersigned_at.replace(year=2020),
        }[column]
        setattr(consent, column, changed)
        db.session.commit()
        assert not consent_intact(participant(code).consent)


def test_markdown_is_rendered_without_raw_html_images_or_script_links():
    html = str(
        render_markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(1)) ![i](http://e.org/i.png)"
        )
    )
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and "<img" not in html
