"""Login, logout and first-admin set-up pages."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from interview.audit import log_event, record_event
from interview.auth.forms import LoginForm, SetupForm
from interview.auth.passwords import (
    clear_failures,
    note_failure,
    password_matches,
    too_many_failures,
)
from interview.auth.setup_token import revoke_setup_token, setup_token_valid
from interview.auth.users import (
    AccountError,
    create_first_admin,
    find_user,
    user_count,
)
from interview.write_failures import or_log

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with username and password; repeated failures are refused for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("participants.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form)
        if user is not None:
            session.clear()  # nothing from before login (e.g. a participant-mode lock) survives
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def authenticate(form: LoginForm):
    """The user if the password is right; else a message on the form and a noted failure."""
    username = form.username.data.strip()
    key = f"login:{username.lower()}|{request.remote_addr}"
    if too_many_failures(key):
        form.password.errors.append(_("Too many failed attempts. Wait a minute, then try again."))
        return None
    user = find_user(username)
    # Both are only recorded: on a read-only instance people can still log in to read
    # (the failure count then cannot grow, which a read-only instance can afford).
    if not password_matches(user, form.password.data) or not user.active:
        with or_log("failed login"):
            note_failure(key)
            record_event("failed_login", detail=username[:64], user=None)
        form.password.errors.append(_("Wrong username or password."))
        return None
    with or_log("login"):
        clear_failures(key)
        record_event("login", user=user)
    return user


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("participants.index")


@bp.post("/logout")
def logout():
    """Log out (a POST with the CSRF token, so no link can log someone out)."""
    log_event("logout")
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first admin through the one-time link printed by `interview serve`."""
    instance_path = current_app.instance_path
    if user_count() > 0 or not setup_token_valid(instance_path, token):
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            user = create_first_admin(form.username.data.strip(), form.password.data)
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            revoke_setup_token(instance_path)
            session.clear()
            login_user(user)
            return redirect(url_for("participants.index"))
    return render_template("auth/setup.html", form=form)
