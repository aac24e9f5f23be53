"""Every route needs login (but the allow-list), every POST needs a CSRF token, bad input is handled."""

from __future__ import annotations

import pytest
from helpers import post_form

PUBLIC = {"auth.login", "auth.setup", "static", "healthz"}
SAMPLE_VALUES = {"code": "P01", "user_id": 1, "number": 1, "token": "x", "filename": "css/app.css"}


def concrete_urls(app, methods: set[str]):
    """(endpoint, url, method) for every rule, its arguments filled with sample values."""
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in PUBLIC:
                continue
            values = {
                arg: SAMPLE_VALUES.get(arg, 1 if "id" in arg else "x") for arg in rule.arguments
            }
            url = app.url_map.bind("localhost").build(rule.endpoint, values, force_external=False)
            for method in sorted((rule.methods or set()) & methods):
                yield rule.endpoint, url, method


def test_every_route_redirects_anonymous_users_to_login(app, client):
    checked = 0
    for endpoint, url, method in concrete_urls(app, {"GET"}):
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, url)
        assert response.headers["Location"].startswith("/login"), (endpoint, url)
        checked += 1
    assert checked >= 5


def test_every_post_without_csrf_token_is_refused(app, logged_in):
    checked = 0
    for endpoint, url, _method in concrete_urls(app, {"POST"}):
        response = logged_in.post(url, data={"anything": "x"})
        assert response.status_code == 400, (endpoint, url)
        checked += 1
    assert checked >= 3


def test_csrf_failure_page_keeps_the_typed_text(logged_in):
    response = logged_in.post("/participants/new", data={"note": "words the participant said"})
    assert response.status_code == 400
    assert "words the participant said" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for path in ("/login", "/healthz", "/static/css/app.css", "/no-such-page"):
        with client.get(path) as response:
            headers = response.headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_session_cookie_flags(client, auth):
    auth.login()
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure  # plain http here


def test_session_cookie_secure_over_https(app):
    client = app.test_client()
    client.get("/login", base_url="https://localhost")
    assert client.get_cookie("session", domain="localhost").secure


def test_unknown_participant_is_a_404_page(logged_in):
    response = logged_in.get("/participants/P99")
    assert response.status_code == 404
    assert "There is no such page or participant." in response.get_data(as_text=True)


def test_wrong_method_is_a_405_page(logged_in):
    response = logged_in.get("/logout")
    assert response.status_code == 405
    assert "Traceback" not in response.get_data(as_text=True)


def test_tampered_session_cookie_is_treated_as_logged_out(client, auth):
    auth.login()
    value = client.get_cookie("session").value
    client.set_cookie("session", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_admin_pages_matrix(client, auth, path):
    assert client.get(path).status_code == 302  # anonymous
    auth.login("anna")
    assert client.get(path).status_code == 403  # interviewer
    auth.logout()
    auth.login("admin")
    assert client.get(path).status_code == 200  # admin


def test_delete_is_admin_only(logged_in):
    post_form(
        logged_in,
        "/participants/new",
        {"therapist_code": "T01", "interviewer_id": "2", "session_date": "2026-11-25"},
        token_from="/participants/new",
    )
    response = post_form(logged_in, "/participants/P01/delete", {"confirm": "P01"}, token_from="/")
    assert response.status_code == 403
