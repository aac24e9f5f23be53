"""Login, logout, the user's own password change, and first-admin set-up pages."""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

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

from interview.audit import log_event
from interview.auth.forms import ChangePasswordForm, LanguageForm, LoginForm, SetupForm
from interview.auth.logins import end_login, start_login
from interview.auth.passwords import Verdict, try_password
from interview.auth.setup_token import revoke_setup_token, setup_token_valid
from interview.auth.users import (
    AccountError,
    change_own_password,
    create_first_admin,
    find_user,
    set_language,
    user_count,
)
from interview.languages import language_choices, page_language
from interview.models import User
from interview.security import current_login, remember_login

bp = Blueprint("auth", __name__)

# The login gate builds "next" from the path asked for; nothing of ours is longer.
MAX_NEXT_LENGTH = 2000


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with username and password; repeated failures are refused for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("participants.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form)
        if user is not None:
            sign_in(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def sign_in(user: User, *, audit: str = "login") -> None:
    """Start a fresh session for a new login of `user` (nothing from an earlier session survives)."""
    session.clear()
    login, token = start_login(user, audit=audit)
    login_user(user)
    remember_login(login, token)


def authenticate(form: LoginForm) -> User | None:
    """The user if the password is right; else a message on the form (and the try counted)."""
    username = form.username.data.strip()
    user = find_user(username)
    verdict = try_password(
        f"login:{username.lower()}|{request.remote_addr}", user, form.password.data
    )
    if verdict is Verdict.LIMITED:
        form.password.errors.append(_("Too many failed attempts. Wait a minute, then try again."))
        return None
    if verdict is Verdict.WRONG:
        log_event("failed_login", detail=username[:64], user=None)
        form.password.errors.append(_("Wrong username or password."))
        return None
    return user


def safe_next(target: str | None) -> str:
    """Follow `next` after login only to a path of this site; anything else goes to the home page.

    Browsers drop tabs and newlines from URLs, read backslashes as slashes and resolve "." and
    ".." (also written %2e): "/" + tab + "/evil", "/" + backslash + "evil" or "/.//evil" all end
    up at "//evil", another site. Such values are refused, not cleaned; so is a path that
    percent-decoding turns into one.
    """
    home = url_for("participants.index")
    if not target or len(target) > MAX_NEXT_LENGTH or "\\" in target:
        return home
    if has_unsafe_characters(target):  # it goes into the Location header as it is
        return home
    return target if all(same_site_path(form) for form in (target, unquote(target))) else home


def same_site_path(target: str) -> bool:
    """Whether a URL is a plain absolute path: no scheme or host; no "//", backslash, ".", "..",
    space or control character in the path."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith("//")  # "///x" splits into an empty host and the path "/x"
        and not (parts.scheme or parts.netloc)
        and "//" not in parts.path
        and "\\" not in parts.path
        and not any(segment in (".", "..") for segment in parts.path.split("/"))
        and not has_unsafe_characters(parts.path)
    )


def has_unsafe_characters(text: str) -> bool:
    """Control, format, separator (spaces) or unassigned characters: none belongs in a URL."""
    return any(unicodedata.category(char)[0] in "CZ" for char in text)


@bp.post("/logout")
def logout():
    """Log out (a POST with the CSRF token, so no link can log someone out); every copy of this
    browser's session cookie stops working."""
    end_login(current_login(), current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change your own password: every other session of yours ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_own_password(user, form.current.data, form.password.data)
        except AccountError as error:
            form[error.field].errors.append(str(error))
        else:
            sign_in(user, audit="")
            flash(_("Your password is changed. Other devices must log in again."), "success")
            return redirect(url_for("participants.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/language", methods=["GET", "POST"])
def change_language():
    """Choose the language of your own pages; what you typed elsewhere is kept on the server."""
    form = LanguageForm(language=current_user.language or page_language())
    form.language.choices = language_choices()
    if form.validate_on_submit():
        set_language(current_user._get_current_object(), form.language.data)
        return redirect(url_for("participants.index"))
    return render_template("auth/language.html", form=form)


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
            sign_in(user, audit="")
            return redirect(url_for("participants.index"))
    return render_template("auth/setup.html", form=form)
