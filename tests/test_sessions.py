"""Sessions held by the server: logout, disabling and a new password end every copy of a cookie,
and the participant-mode lock holds for every copy of the login's cookie, however old."""

from __future__ import annotations

import pytest
from consent_helpers import hand_over
from factories import participant_via_form
from flask import Flask
from flask.testing import FlaskClient
from helpers import PASSWORD, AuthActions, post_form

from interview.cli import cli
from interview.extensions import db
from interview.models import AuditEvent, Login, User
from interview.security import token_digest

NEW_PASSWORD = "a brand new password"
ANNA_ID = 2  # the app fixture's accounts: admin 1, anna 2, alice 3


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of this client's session cookie, as it is now."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def logged_out(client: FlaskClient) -> bool:
    """Whether the home page sends this browser to the login page."""
    response = client.get("/")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def browser(app: Flask, username: str = "anna", password: str = PASSWORD) -> FlaskClient:
    """A new browser logged in as `username`."""
    client = app.test_client()
    assert AuthActions(client).login(username, password).status_code == 302
    return client


def last_event(app: Flask, action: str) -> AuditEvent:
    """The newest audit event of this action."""
    with app.app_context():
        return (
            db.session.execute(
                db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id.desc())
            )
            .scalars()
            .first()
        )


def test_a_cookie_copied_before_logout_is_dead(app, logged_in, auth):
    copy = copy_of(app, logged_in)
    assert copy.get("/").status_code == 200
    auth.logout()
    assert logged_out(copy)
    assert logged_out(logged_in)


def test_logout_ends_only_the_login_it_was_sent_in(app, logged_in, auth):
    laptop = browser(app)
    auth.logout()
    assert laptop.get("/").status_code == 200


def test_a_disabled_accounts_old_cookie_stays_dead_once_re_enabled(app, logged_in):
    copy = copy_of(app, logged_in)
    admin = browser(app, "admin")
    toggle = f"/admin/users/{ANNA_ID}/toggle"
    assert post_form(admin, toggle, token_from="/admin/users").status_code == 302
    assert logged_out(copy)
    assert post_form(admin, toggle, token_from="/admin/users").status_code == 302
    with app.app_context():
        assert db.session.get(User, ANNA_ID).active
    assert logged_out(copy) and logged_out(logged_in)
    assert browser(app).get("/").status_code == 200  # a fresh login works again


def test_a_cookie_without_a_login_token_is_logged_out(client, logged_in):
    # What a session from before logins were kept on the server looks like.
    with client.session_transaction() as session:
        session.pop("login")
    assert logged_out(client)


def test_logins_are_rows_with_only_a_hash_of_the_token(app, logged_in, auth):
    with logged_in.session_transaction() as session:
        token = session["login"]
    with app.app_context():
        [login] = db.session.execute(db.select(Login)).scalars()
        assert login.user_id == ANNA_ID and login.ended_at is None
        assert login.token_hash == token_digest(token) != token
    auth.logout()
    with app.app_context():
        assert db.session.execute(db.select(Login)).scalar_one().ended_at is not None


# The participant-mode lock, held by the login on the server.


@pytest.fixture
def handed_over(app, logged_in) -> tuple[str, FlaskClient]:
    """P01 handed over for consent; also returns a copy of the cookie taken before the hand-over."""
    code = participant_via_form(logged_in)
    before = copy_of(app, logged_in)
    assert hand_over(logged_in, code).status_code == 302
    return code, before


def test_a_cookie_from_before_the_hand_over_is_locked_too(logged_in, handed_over):
    code, before = handed_over
    for path in ("/", f"/participants/{code}", "/admin/users", "/account/password"):
        response = before.get(path)
        assert response.status_code == 403, path
        assert "not available while the tablet is handed" in response.get_data(as_text=True)
    assert (
        post_form(before, "/logout", token_from=f"/participants/{code}/consent").status_code == 403
    )
    assert before.get(f"/participants/{code}/consent").status_code == 200


def test_the_password_unlocks_every_copy_and_nothing_else_does(logged_in, handed_over):
    code, before = handed_over
    unlock = f"/participants/{code}/handover/unlock"
    post_form(before, unlock, {"password": "not the password"}, token_from=unlock)
    assert logged_in.get("/").status_code == 403
    response = post_form(before, unlock, {"password": PASSWORD}, token_from=unlock)
    assert response.headers["Location"] == f"/participants/{code}"
    assert before.get("/").status_code == 200 and logged_in.get("/").status_code == 200


def test_another_login_of_the_interviewer_is_not_locked(app, logged_in, handed_over):
    laptop = browser(app)
    assert laptop.get("/").status_code == 200
    assert logged_in.get("/").status_code == 403  # the tablet stays locked meanwhile


def test_an_ended_login_takes_its_lock_with_it(app, logged_in, handed_over):
    code, before = handed_over
    admin = browser(app, "admin")
    post_form(admin, f"/admin/users/{ANNA_ID}/toggle", token_from="/admin/users")
    post_form(admin, f"/admin/users/{ANNA_ID}/toggle", token_from="/admin/users")
    assert logged_out(logged_in) and logged_out(before)  # the login page, not a locked page
    assert browser(app).get("/").status_code == 200


# Changing and resetting passwords.

CHANGE = "/account/password"


def change(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    """Post the password change form."""
    data = {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    return post_form(client, CHANGE, data, token_from=CHANGE)


def test_changing_your_password_ends_every_other_session(app, logged_in):
    laptop, copy = browser(app), copy_of(app, logged_in)
    response = change(logged_in)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert logged_in.get("/").status_code == 200  # this browser goes on
    assert logged_out(laptop) and logged_out(copy)
    assert "Wrong username or password." in AuthActions(app.test_client()).login().get_data(
        as_text=True
    )
    assert browser(app, password=NEW_PASSWORD).get("/").status_code == 200
    assert last_event(app, "change_password").username == "anna"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"current": "not my password"}, "That is not your current password."),
        ({"current": ""}, "Enter your current password."),
        ({"new": "short", "confirm": "short"}, "at least 10 characters"),
        ({"confirm": "something else entirely"}, "The two passwords differ."),
    ],
)
def test_a_refused_password_change_says_why_and_changes_nothing(app, logged_in, fields, message):
    laptop = browser(app)
    response = change(logged_in, **fields)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert laptop.get("/").status_code == 200
    assert browser(app).get("/").status_code == 200  # the old password still works


def test_wrong_current_passwords_are_limited(app, logged_in):
    for _ in range(app.config["LOGIN_ATTEMPTS"]):
        change(logged_in, current="a wrong guess")
    response = change(logged_in)
    assert "Too many wrong passwords." in response.get_data(as_text=True)
    assert browser(app).get("/").status_code == 200  # unchanged


def test_the_menu_offers_the_password_page(logged_in):
    assert f'href="{CHANGE}"' in logged_in.get("/").get_data(as_text=True)
    assert "Current password" in logged_in.get(CHANGE).get_data(as_text=True)


def test_user_passwd_sets_a_new_password_and_ends_sessions(app, runner, logged_in):
    result = runner.invoke(cli, ["user", "passwd", "anna"], input=NEW_PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "New password set for anna" in result.output
    assert logged_out(logged_in)
    assert browser(app, password=NEW_PASSWORD).get("/").status_code == 200
    event = last_event(app, "reset_password")
    assert event.detail == "anna (command line)"


def test_user_passwd_refuses_short_passwords_and_unknown_accounts(app, runner, logged_in):
    result = runner.invoke(cli, ["user", "passwd", "anna"], input="short\n")
    assert result.exit_code != 0 and "at least 10 characters" in result.output
    result = runner.invoke(cli, ["user", "passwd", "nobody"], input=NEW_PASSWORD + "\n")
    assert result.exit_code != 0 and "No account named nobody" in result.output
    assert logged_in.get("/").status_code == 200


def reset(admin, user_id: int, password: str = NEW_PASSWORD, confirm: str | None = None):
    """The admin's form for another account's password."""
    url = f"/admin/users/{user_id}/password"
    data = {"password": password, "confirm": password if confirm is None else confirm}
    return post_form(admin, url, data, token_from=url)


def test_an_admin_resets_another_accounts_password(app, logged_in):
    admin = browser(app, "admin")
    assert f"/admin/users/{ANNA_ID}/password" in admin.get("/admin/users").get_data(as_text=True)
    response = reset(admin, ANNA_ID)
    assert response.headers["Location"] == "/admin/users"
    assert logged_out(logged_in)
    assert browser(app, password=NEW_PASSWORD).get("/").status_code == 200
    assert admin.get("/").status_code == 200
    event = last_event(app, "reset_password")
    assert (event.username, event.detail) == ("admin", "anna")


def test_a_refused_reset_says_why_and_changes_nothing(app, logged_in):
    admin = browser(app, "admin")
    response = reset(admin, ANNA_ID, "short")
    assert response.status_code == 200 and "at least 10 characters" in response.get_data(
        as_text=True
    )
    response = reset(admin, ANNA_ID, NEW_PASSWORD, "a different one!")
    assert "The two passwords differ." in response.get_data(as_text=True)
    assert logged_in.get("/").status_code == 200
    assert reset(admin, 99).status_code == 404


def test_the_admins_own_password_is_changed_on_their_own_page(app):
    admin = browser(app, "admin")
    assert admin.get("/admin/users/1/password").headers["Location"] == CHANGE
