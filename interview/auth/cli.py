"""`interview user add|list|disable|passwd`."""

from __future__ import annotations

import sys

import click
from flask_babel import gettext as _

from interview.auth.users import (
    AccountError,
    add_account,
    all_users,
    find_user,
    set_active,
    set_password,
)
from interview.models import User
from interview.permissions import ROLE_ADMIN, ROLE_INTERVIEWER, ROLES
from interview.schema import with_current_schema


@click.group("user")
def user_cli() -> None:
    """Manage accounts (admin, interviewer, analyst)."""


def read_password(prompt: str = "Password") -> str:
    """Prompt on a terminal; otherwise read one line from standard input (for scripts)."""
    if sys.stdin.isatty():
        return click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@user_cli.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    help=f"What the account may do (default: {ROLE_INTERVIEWER}).",
)
@click.option("--admin", is_flag=True, help="Short for --role admin.")
@with_current_schema
def add(name: str, role: str | None, admin: bool) -> None:
    """Create an account; the password is prompted for, or read from standard input."""
    if admin and role not in (None, ROLE_ADMIN):
        raise click.UsageError(_("--admin contradicts --role %(role)s.", role=role))
    role = ROLE_ADMIN if admin else role or ROLE_INTERVIEWER
    try:
        user = add_account(name, read_password(), role, how="command line")
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(_("Created %(role)s %(name)s.", role=user.role, name=user.username))


@user_cli.command("list")
@with_current_schema
def list_users() -> None:
    """List accounts with role and state."""
    for user in all_users():
        state = _("active") if user.active else _("disabled")
        click.echo(f"{user.username}\t{user.role}\t{state}")


def existing_user(name: str) -> User:
    """The account named so, or a clear error."""
    user = find_user(name)
    if user is None:
        raise click.ClickException(_("No account named %(name)s.", name=name))
    return user


@user_cli.command("disable")
@click.argument("name")
@with_current_schema
def disable(name: str) -> None:
    """Disable an account: it can no longer log in, and open sessions end."""
    user = existing_user(name)
    set_active(user, False, how="command line")
    click.echo(_("Disabled %(name)s.", name=user.username))


@user_cli.command("passwd")
@click.argument("name")
@with_current_schema
def passwd(name: str) -> None:
    """Set a new password (prompted for, or read from standard input); open sessions end."""
    user = existing_user(name)
    try:
        set_password(user, read_password("New password"), how="command line")
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        _(
            "New password set for %(name)s; every session of that account has ended.",
            name=user.username,
        )
    )
