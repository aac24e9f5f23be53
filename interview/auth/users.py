"""Account services shared by the set-up page, the admin pages and the `interview user` CLI."""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _

from interview.audit import record_event
from interview.auth.logins import end_all_logins
from interview.auth.passwords import Verdict, hash_password, try_password
from interview.extensions import db
from interview.models import User
from interview.permissions import ROLE_ADMIN, ROLE_INTERVIEWER, ROLES

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class AccountError(ValueError):
    """A user-facing reason why an account could not be created or changed, and the field at fault."""

    def __init__(self, message: str, field: str = "username") -> None:
        super().__init__(message)
        self.field = field


def check_new_password(password: str) -> None:
    """Refuse passwords shorter than the configured minimum."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise AccountError(
            _("The password must be at least %(n)d characters long.", n=minimum), "password"
        )
    if len(password) > 1024:
        raise AccountError(_("The password is too long (at most 1024 characters)."), "password")


def find_user(username: str) -> User | None:
    """The account with this username, if any."""
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()


def command_line_user(username: str | None) -> User:
    """Who a command acts as: the named account, or else the first active admin."""
    user = find_user(username) if username else None
    if username and user is None:
        raise AccountError(_("There is no account %(name)s.", name=username))
    if user is None:
        user = db.session.scalar(
            db.select(User)
            .where(User.role == ROLE_ADMIN, User.active.is_(True))
            .order_by(User.username)
            .limit(1)
        )
    if user is None:
        raise AccountError(_("Create an admin account first (interview user create)."))
    return user


def create_user(username: str, password: str, *, role: str = ROLE_INTERVIEWER) -> User:
    """Create an account after checking the name, role and password (the caller commits)."""
    if role not in ROLES:
        raise AccountError(_("Choose one of the roles: %(roles)s.", roles=", ".join(ROLES)), "role")
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            _(
                "Usernames are 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit."
            )
        )
    if find_user(username) is not None:
        raise AccountError(_("The username %(name)s is taken.", name=username))
    check_new_password(password)
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role,
    )
    db.session.add(user)
    return user


def add_account(username: str, password: str, role: str, *, how: str = "") -> User:
    """Create an account and audit it, in one transaction; `how` notes where (e.g. command line)."""
    user = create_user(username, password, role=role)
    detail = f"{user.username} as {user.role}" + (f" ({how})" if how else "")
    record_event("create_user", detail=detail)
    db.session.commit()
    return user


def create_first_admin(username: str, password: str) -> User:
    """Create the first admin from the set-up link; the audit row names the new account."""
    user = create_user(username, password, role=ROLE_ADMIN)
    db.session.flush()
    record_event("create_user", detail=f"first admin {user.username}", user=user)
    db.session.commit()
    return user


def set_active(user: User, active: bool, *, how: str = "") -> None:
    """Disable or re-enable an account, audited; either way every login it had ends.

    Ending them on re-enabling too means a cookie from before the account was disabled stays dead.
    """
    user.active = active
    end_all_logins(user)
    detail = user.username + (f" ({how})" if how else "")
    record_event("enable_user" if active else "disable_user", detail=detail)
    db.session.commit()


def set_password(
    user: User, password: str, *, action: str = "reset_password", how: str = ""
) -> None:
    """Give the account a new password (length rules as for new accounts), audited; every login
    it had ends, so whoever held an old session must log in with the new password."""
    check_new_password(password)
    user.password_hash = hash_password(password)
    end_all_logins(user)
    detail = user.username + (f" ({how})" if how else "")
    record_event(action, detail=detail)
    db.session.commit()


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own change, proven by the current password (tries limited as for logins)."""
    check_new_password(new)
    verdict = try_password(f"password:{user.id}", user, current)
    if verdict is Verdict.LIMITED:
        raise AccountError(_("Too many wrong passwords. Wait a minute, then try again."), "current")
    if verdict is Verdict.WRONG:
        record_event("failed_password_change", detail=user.username, user=user)
        db.session.commit()
        raise AccountError(_("That is not your current password."), "current")
    set_password(user, new, action="change_password")


def all_users() -> list[User]:
    """Every account, by username."""
    return list(db.session.execute(db.select(User).order_by(User.username)).scalars())


def usernames(ids: set[int | None]) -> dict[int, str]:
    """Account id → username for these ids (accounts since deleted are missing)."""
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    rows = db.session.execute(db.select(User.id, User.username).where(User.id.in_(wanted)))
    return {user_id: username for user_id, username in rows}


def get_user_or_404(user_id: int) -> User:
    """The account with this id, or a 404 page."""
    return db.get_or_404(User, user_id)


def user_count() -> int:
    """How many accounts exist (set-up is open only while there are none)."""
    return db.session.scalar(db.select(db.func.count(User.id)))


def set_language(user: User, language: str) -> None:
    """Keep the language this person's pages are shown in (the caller checked it is offered)."""
    user.language = language
    db.session.commit()
