"""Login, logout, lockout, first-admin set-up, roles."""

from __future__ import annotations

import re
import threading

import pytest
from helpers import PASSWORD, csrf_token, post_form, sqlite_only

from interview.auth import passwords
from interview.auth.setup_token import issue_setup_token
from interview.extensions import db
from interview.models import AuditEvent, User

PARALLEL_TRIES = 20


def audit_actions(app) -> list[str]:
    with app.app_context():
        return [
            e.action
            for e in db.session.execute(db.select(AuditEvent).order_by(AuditEvent.id)).scalars()
        ]


def test_login_page_has_the_fields(client):
    html = client.get("/login").get_data(as_text=True)
    for name in ('name="username"', 'name="password"', 'name="csrf_token"'):
        assert name in html


def test_login_and_logout(client, auth, app):
    response = auth.login()
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302
    assert audit_actions(app)[-2:] == ["login", "logout"]


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", PASSWORD, "Enter your username."),
        ("anna", "", "Enter your password."),
        ("x" * 10_000, PASSWORD, "Usernames are at most 64 characters."),
        ("anna", "wrong password!", "Wrong username or password."),
        ("nobody", PASSWORD, "Wrong username or password."),
    ],
)
def test_bad_login_shows_a_message_and_logs_nobody_in(client, auth, username, password, message):
    response = auth.login(username, password)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_lockout_after_repeated_failures(client, auth, app):
    for _ in range(5):
        auth.login("anna", "wrong password!")
    response = auth.login("anna", PASSWORD)  # even the right password is refused for now
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert audit_actions(app).count("failed_login") == 5


def test_lockout_is_per_user(client, auth):
    for _ in range(5):
        auth.login("anna", "wrong password!")
    assert auth.login("admin", PASSWORD).status_code == 302


def test_disabled_user_cannot_log_in_and_is_logged_out(logged_in, app, auth):
    with app.app_context():
        db.session.execute(db.select(User).filter_by(username="anna")).scalar_one().active = False
        db.session.commit()
    assert logged_in.get("/").status_code == 302
    assert "Wrong username or password." in auth.login().get_data(as_text=True)


def login_with_next(client, target: str):
    """Log in from /login?next=<target> (the value percent-encoded as a browser sends it)."""
    data = {"csrf_token": csrf_token(client), "username": "anna", "password": PASSWORD}
    return client.post("/login", query_string={"next": target}, data=data)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "///evil.example",
        "/\t/evil.example",  # browsers drop the tab: //evil.example
        "/\n/evil.example",  # a newline in a header was a 500
        "/\r\nSet-Cookie: x=1",
        "/\\evil.example",  # browsers read a backslash as a slash
        "\\\\evil.example",
        "/.//evil.example",
        "/%2e//evil.example",
        "/%2F%2Fevil.example",
        "/%09/evil.example",
        "/\x00evil",
        "/\u2028evil.example",
        "/ /evil.example",
        "https://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
        " /participants",
        "/" + "a" * 3000,
    ],
)
def test_login_redirects_only_to_paths_of_this_site(client, target):
    response = login_with_next(client, target)
    if response.status_code == 400:  # control characters are refused before any view runs
        assert "Location" not in response.headers and any(ord(c) < 32 for c in target)
        return
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # logged in all the same


@pytest.mark.parametrize("target", ["/participants/P01", "/?q=T01", "/export/?job=3#done"])
def test_login_follows_paths_of_this_site(client, target):
    assert login_with_next(client, target).headers["Location"] == target


def test_the_login_gate_sends_back_to_the_page_asked_for(client, auth):
    response = client.get("/participants/new?x=1")
    assert response.headers["Location"].startswith("/login?next=")
    data = {"csrf_token": csrf_token(client), "username": "anna", "password": PASSWORD}
    assert client.post(response.headers["Location"], data=data).headers["Location"] == (
        "/participants/new?x=1"
    )


def test_parallel_wrong_passwords_get_exactly_the_allowed_tries(app, monkeypatch):
    """Tries released together by a barrier: the limit holds (it once let 12 of 40 through)."""
    checked, results, lock = [], [], threading.Lock()
    real_check = passwords.check_password_hash

    def counting_check(password_hash: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return real_check(password_hash, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting_check)
    clients = [app.test_client() for _ in range(PARALLEL_TRIES)]
    tokens = [csrf_token(client) for client in clients]
    barrier = threading.Barrier(PARALLEL_TRIES)

    def attempt(client, token: str) -> None:
        data = {"csrf_token": token, "username": "anna", "password": "wrong password!"}
        barrier.wait()
        try:
            body = client.post("/login", data=data).get_data(as_text=True)
        except BaseException as error:  # noqa: BLE001 — reported below
            body = repr(error)
        with lock:
            results.append(body)

    threads = [
        threading.Thread(target=attempt, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    limit = app.config["LOGIN_ATTEMPTS"]
    assert len(checked) == limit
    assert sum("Wrong username or password." in body for body in results) == limit
    assert sum("Too many failed attempts" in body for body in results) == PARALLEL_TRIES - limit
    assert audit_actions(app).count("failed_login") == limit


@sqlite_only
def test_setup_token_creates_the_first_admin_once(tmp_path, migrated_database):
    import shutil

    from interview import create_app

    shutil.copy(migrated_database, tmp_path / "interview.sqlite3")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    token = issue_setup_token(app.instance_path)
    client = app.test_client()
    assert client.get("/setup/not-the-token").status_code == 404
    page = client.get(f"/setup/{token}")
    assert page.status_code == 200
    data = {"username": "boss", "password": "short", "confirm": "short"}
    response = post_form(client, f"/setup/{token}", data, token_from=f"/setup/{token}")
    assert "at least 10 characters" in response.get_data(as_text=True)
    data = {"username": "boss", "password": PASSWORD, "confirm": PASSWORD}
    response = post_form(client, f"/setup/{token}", data, token_from=f"/setup/{token}")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(User)).scalar_one().role == "admin"
    assert client.get(f"/setup/{token}").status_code == 404  # the token died
    assert not (tmp_path / "setup-token").exists()


def test_setup_is_closed_once_a_user_exists(app, client):
    token = issue_setup_token(app.instance_path)
    assert client.get(f"/setup/{token}").status_code == 404


def test_interviewer_cannot_reach_admin_pages(logged_in):
    for path in ("/admin/users", "/admin/audit"):
        assert logged_in.get(path).status_code == 403


def test_admin_reaches_admin_pages(admin_client):
    assert admin_client.get("/admin/users").status_code == 200
    assert admin_client.get("/admin/audit").status_code == 200


def test_admin_creates_and_disables_an_account(admin_client, app):
    data = {"username": "bojan", "password": PASSWORD}
    response = post_form(admin_client, "/admin/users", data, token_from="/admin/users")
    assert response.status_code == 302
    with app.app_context():
        bojan = db.session.execute(db.select(User).filter_by(username="bojan")).scalar_one()
        assert bojan.role == "interviewer"
    post_form(admin_client, f"/admin/users/{bojan.id}/toggle", token_from="/admin/users")
    with app.app_context():
        assert db.session.get(User, bojan.id).active is False


def test_admin_creates_an_analyst_and_sees_every_role_named(admin_client, app):
    data = {"username": "carla", "password": PASSWORD, "role": "analyst"}
    response = post_form(admin_client, "/admin/users", data, token_from="/admin/users")
    assert response.status_code == 302
    with app.app_context():
        carla = db.session.execute(db.select(User).filter_by(username="carla")).scalar_one()
        assert carla.role == "analyst"
    page = admin_client.get("/admin/users").get_data(as_text=True)
    rows = re.findall(r"<td>(\w+)</td>\s*<td>(\w+)</td>", page)
    assert ("alice", "Analyst") in rows and ("carla", "Analyst") in rows
    assert ("admin", "Admin") in rows and ("anna", "Interviewer") in rows


def test_new_account_with_an_unknown_role_is_refused(admin_client, app):
    data = {"username": "carla", "password": PASSWORD, "role": "owner"}
    response = post_form(admin_client, "/admin/users", data, token_from="/admin/users")
    assert response.status_code == 200 and 'id="role-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(User).filter_by(username="carla")).scalar() is None


def test_new_account_password_too_short(admin_client, app):
    data = {"username": "bojan", "password": "short"}
    response = post_form(admin_client, "/admin/users", data, token_from="/admin/users")
    assert "at least 10 characters" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(User).filter_by(username="bojan")).scalar() is None


def test_passwords_are_hashed_with_scrypt(app):
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(username="anna")).scalar_one()
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
