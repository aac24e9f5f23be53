"""Security applied to every request: the login gate, response headers, and the session cookie."""

from __future__ import annotations

from flask import Flask, Response, current_app, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from interview.extensions import db, login_manager
from interview.inputs import parse_int
from interview.models import User
from interview.permissions import AnonymousUser
from interview.write_failures import write_problem

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


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: disabled accounts are logged out on their next request."""
    number = parse_int(user_id, minimum=1)
    if number is None:
        return None
    user = db.session.get(User, number)
    return user if user is not None and user.active else None


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
