"""Security applied to every request: the login gate, response headers, and the session cookie.

A session cookie proves a login only while its row in `logins` is open: the cookie carries the
row's token (`LOGIN_KEY`), and the user loader checks it on every request. Ending the row (logout,
a disabled account, a new password: interview/auth/logins.py) thus ends every copy of the cookie,
however old; the cookie's own lifetime no longer decides.
"""

from __future__ import annotations

import hashlib

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from sqlalchemy import bindparam

from interview.extensions import db, login_manager
from interview.inputs import parse_int
from interview.models import Login, User
from interview.permissions import AnonymousUser
from interview.write_failures import write_problem

# The session key holding the login's token (its hash is in logins.token_hash).
LOGIN_KEY = "login"

# Endpoints reachable without logging in; everything else redirects to /login.
PUBLIC_ENDPOINTS = frozenset({"auth.login", "auth.setup", "static", "healthz"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure


def init_security(app: Flask) -> None:
    """Install the login gate, headers, user loader and the health check."""
    app.session_interface = HttpsAwareSessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.anonymous_user = AnonymousUser  # answers `can(...)` too: always False
    app.before_request(require_login)
    app.after_request(set_security_headers)
    app.add_url_rule("/healthz", "healthz", healthz)


# Built once: on every request, building the statement cost nearly as much as running it.
OPEN_LOGIN = (
    db.select(Login, User)
    .join(User, Login.user_id == User.id)
    .where(Login.token_hash == bindparam("token_hash"), Login.ended_at.is_(None))
)


def token_digest(token: str) -> str:
    """What `logins.token_hash` stores for a token (the token itself never reaches the database)."""
    return hashlib.sha256(token.encode()).hexdigest()


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: only an open login of an active account counts (one query)."""
    token = session.get(LOGIN_KEY)
    number = parse_int(user_id, minimum=1)
    if number is None or not isinstance(token, str):
        return None
    row = db.session.execute(OPEN_LOGIN, {"token_hash": token_digest(token)}).first()
    if row is None or row.User.id != number or not row.User.active:
        return None
    g.login = row.Login
    return row.User


def remember_login(login: Login, token: str) -> None:
    """Tie this browser's session to a login just started (after Flask-Login's `login_user`)."""
    session[LOGIN_KEY] = token
    g.login = login


def current_login() -> Login | None:
    """The open login this request's cookie proves (None when logged out or outside a request)."""
    if not has_request_context() or not current_user.is_authenticated:
        return None
    return g.get("login")


def require_login():
    """Every page needs login except the public allow-list; unknown URLs fall through to 404."""
    if request.endpoint is None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def set_security_headers(response: Response) -> Response:
    """Strict headers on every response; pages with participants' words are never cached."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def healthz() -> tuple[dict, int]:
    """Deployment check: the app answers, and it can write to its database and instance folder."""
    problem = write_problem(current_app.instance_path)
    if problem:
        return {"status": "cannot_write", "message": problem}, 503
    return {"status": "ok"}, 200
