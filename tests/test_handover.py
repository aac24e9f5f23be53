"""Participant mode: the tablet is locked to one participant's pages until the interviewer's password."""

from __future__ import annotations

import pytest
from consent_helpers import hand_over, post_countersign, post_sign, sign_fully
from factories import participant_via_form
from helpers import PASSWORD, csrf_token, post_form

from interview.auth.users import create_user
from interview.extensions import db
from interview.models import AuditEvent
from interview.participant_mode.access import participant_facing

ALLOWED_HANDOVER = {"handover.next_task", "handover.unlock"}
LOCK_MESSAGE = "not available while the tablet is handed to the participant"
SAMPLES = {"user_id": 1, "number": 1, "token": "x", "filename": "css/app.css", "job_id": 1}


@pytest.fixture
def questionnaire_page(app):
    """The questionnaire page; a participant-facing stand-in when that area has not landed."""
    if "questionnaire.fill" not in app.view_functions:

        @participant_facing
        def fill(code: str):
            return "questionnaire stand-in"

        app.add_url_rule("/participants/<code>/questionnaire", "questionnaire.fill", fill)
    return app


@pytest.fixture
def locked(logged_in) -> str:
    """P01 handed over for consent (P02 exists too); returns the locked code."""
    code = participant_via_form(logged_in)
    participant_via_form(logged_in)
    response = hand_over(logged_in, code)
    assert response.headers["Location"] == f"/participants/{code}/handover/next"
    return code


def unlock(client, code: str, password: str = PASSWORD):
    """Post the unlock form."""
    url = f"/participants/{code}/handover/unlock"
    return post_form(client, url, {"password": password}, token_from=url)


def every_url(app, codes):
    """(endpoint, url, method, code) for every route and method, once per sample participant code."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        for code in codes if "code" in rule.arguments else [None]:
            values = {arg: SAMPLES.get(arg, 1 if "id" in arg else "x") for arg in rule.arguments}
            values.update({"code": code} if code else {})
            url = adapter.build(rule.endpoint, values)
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                yield rule.endpoint, url, method, code


def may_open(app, endpoint: str, code: str | None, locked_code: str) -> bool:
    """What the lock lets through: static, and the locked participant's own pages."""
    if endpoint == "static":
        return True
    facing = getattr(app.view_functions[endpoint], "participant_facing", False)
    return code == locked_code and (endpoint in ALLOWED_HANDOVER or facing)


def test_every_other_route_answers_403_while_locked(app, logged_in, locked, questionnaire_page):
    token = csrf_token(logged_in, f"/participants/{locked}/handover/unlock")
    refused = opened = 0
    for endpoint, url, method, code in every_url(app, [locked, "P02"]):
        with logged_in.open(url, method=method, data={"csrf_token": token}) as response:
            body = response.get_data(as_text=True)
        # A page may refuse for its own reasons (the questionnaire without consent); the lock's
        # refusal is the one that says so.
        by_lock = response.status_code == 403 and LOCK_MESSAGE in body
        if may_open(app, endpoint, code, locked):
            assert not by_lock, (endpoint, url, method)
            opened += 1
        else:
            assert by_lock, (endpoint, url, method, response.status_code)
            refused += 1
    assert refused >= 20 and opened >= 4
    assert logged_in.get("/").status_code == 403  # still locked after the walk


@pytest.mark.parametrize(
    "path", ["/", "/participants/P01", "/participants/P01/edit", "/admin/users", "/no-such-page"]
)
def test_locked_page_offers_the_way_back_and_hides_the_menu(logged_in, locked, path):
    response = logged_in.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert LOCK_MESSAGE in html
    assert f'href="/participants/{locked}/handover/unlock"' in html
    assert "Log out" not in html and 'class="site-nav"' not in html
    assert "participant-mode" in html and "css/participant.css" in html


def test_locked_posts_and_json_requests_are_refused(logged_in, locked):
    assert post_form(logged_in, "/logout", token_from="/").status_code == 403
    response = logged_in.get("/participants/P02", headers={"Accept": "application/json"})
    assert response.status_code == 403 and response.json["error"] == "participant_mode"
    # Still locked afterwards: the logout did not happen.
    assert logged_in.get("/").status_code == 403


def test_the_participant_is_sent_to_the_consent_form(logged_in, locked):
    response = logged_in.get(f"/participants/{locked}/handover/next")
    assert response.headers["Location"] == f"/participants/{locked}/consent"
    html = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "participant-mode" in html and 'class="site-nav"' not in html


def test_wrong_password_keeps_the_lock_right_password_opens_it(app, logged_in, locked):
    response = unlock(logged_in, locked, "wrong password!")
    assert "That password is not right." in response.get_data(as_text=True)
    assert logged_in.get(f"/participants/{locked}").status_code == 403
    assert unlock(logged_in, locked).headers["Location"] == f"/participants/{locked}"
    assert logged_in.get(f"/participants/{locked}").status_code == 200
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"handover", "failed_unlock", "unlock"} <= set(actions)


def test_another_users_password_does_not_unlock(app, logged_in, locked):
    with app.app_context():
        create_user("bob", "bobs own password")
        db.session.commit()
    response = unlock(logged_in, locked, "bobs own password")
    assert "That password is not right." in response.get_data(as_text=True)
    assert logged_in.get("/").status_code == 403


def test_wrong_passwords_are_limited(app, logged_in, locked):
    for _ in range(app.config["LOGIN_ATTEMPTS"]):
        unlock(logged_in, locked, "guess")
    response = unlock(logged_in, locked)
    assert "Too many wrong passwords." in response.get_data(as_text=True)
    assert logged_in.get("/").status_code == 403


def test_unlock_outside_participant_mode_just_goes_to_the_participant(logged_in):
    code = participant_via_form(logged_in)
    response = logged_in.get(f"/participants/{code}/handover/unlock")
    assert response.headers["Location"] == f"/participants/{code}"


def test_hand_over_offers_only_what_is_possible(logged_in, questionnaire_page):
    code = participant_via_form(logged_in)
    html = logged_in.get(f"/participants/{code}").get_data(as_text=True)
    assert 'value="consent"' in html and 'value="both"' in html
    assert 'value="questionnaire"' not in html
    # The questionnaire cannot be handed over before the consent is signed.
    assert (
        hand_over(logged_in, code, "questionnaire").headers["Location"] == f"/participants/{code}"
    )
    assert logged_in.get("/").status_code == 200
    sign_fully(logged_in, code)
    html = logged_in.get(f"/participants/{code}").get_data(as_text=True)
    assert 'value="questionnaire"' in html and 'value="consent"' not in html


def test_consent_then_questionnaire_with_the_countersignature_between(
    logged_in, questionnaire_page
):
    code = participant_via_form(logged_in)
    hand_over(logged_in, code, "both")
    assert post_sign(logged_in, code).headers["Location"] == f"/participants/{code}/handover/next"
    html = logged_in.get(f"/participants/{code}/handover/next").get_data(as_text=True)
    assert "they sign the form too" in html
    # The countersignature is the interviewer's: not reachable while locked.
    assert post_countersign(logged_in, code).status_code == 403
    assert (
        unlock(logged_in, code).headers["Location"] == f"/participants/{code}/consent/countersign"
    )
    page = logged_in.get(f"/participants/{code}/consent/countersign").get_data(as_text=True)
    assert "the tablet goes back to the participant" in page
    response = post_countersign(logged_in, code)
    assert response.headers["Location"] == f"/participants/{code}/handover/next"
    response = logged_in.get(f"/participants/{code}/handover/next")
    assert response.headers["Location"] == f"/participants/{code}/questionnaire"
    assert logged_in.get(f"/participants/{code}").status_code == 403


def test_declining_ends_the_hand_over_without_the_questionnaire(logged_in, questionnaire_page):
    code = participant_via_form(logged_in)
    hand_over(logged_in, code, "both")
    post_sign(logged_in, code, action="decline")
    html = logged_in.get(f"/participants/{code}/handover/next").get_data(as_text=True)
    assert "You chose not to take part." in html
    assert logged_in.get(f"/participants/{code}/questionnaire").status_code == 403
    assert unlock(logged_in, code).headers["Location"] == f"/participants/{code}"


def test_logging_in_again_ends_participant_mode(client, auth, logged_in, locked):
    with client.session_transaction() as session:
        session.pop("_user_id", None)  # the interviewer's login expired
    assert client.get("/").headers["Location"].startswith("/login")
    auth.login()
    assert client.get("/").status_code == 200
