"""`interview user add|list|disable`."""

from __future__ import annotations

import sys

import click

from interview.audit import record_event
from interview.auth.users import AccountError, create_user, find_user
from interview.extensions import db
from interview.models import User
from interview.schema import with_current_schema


@click.group("user")
def user_cli() -> None:
    """Manage interviewer and admin accounts."""


def read_password() -> str:
    """Prompt on a terminal; otherwise read one line from standard input (for scripts)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@user_cli.command("add")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Make the account an admin.")
@with_current_schema
def add(name: str, admin: bool) -> None:
    """Create an account; the password is prompted for, or read from standard input."""
    try:
        user = create_user(name, read_password(), admin=admin)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    record_event("create_user", detail=f"{user.username} (command line)")
    db.session.commit()
    click.echo(f"Created {user.role} {user.username}.")


@user_cli.command("list")
@with_current_schema
def list_users() -> None:
    """List accounts with role and state."""
    for user in db.session.execute(db.select(User).order_by(User.username)).scalars():
        state = "active" if user.active else "disabled"
        click.echo(f"{user.username}\t{user.role}\t{state}")


@user_cli.command("disable")
@click.argument("name")
@with_current_schema
def disable(name: str) -> None:
    """Disable an account: it can no longer log in, and open sessions end."""
    user = find_user(name)
    if user is None:
        raise click.ClickException(f"No account named {name}.")
    user.active = False
    record_event("disable_user", detail=f"{user.username} (command line)")
    db.session.commit()
    click.echo(f"Disabled {user.username}.")
