"""The database schema: which migration it is at, and bringing it to the newest one.

`interview serve` upgrades before serving; every other command that touches the database does the
same through `with_current_schema`, so a fresh instance folder works with any command first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy.exc import SQLAlchemyError

from interview.extensions import db

INIT_HINT = "run `interview init-db`"


def upgrade_database() -> None:
    """Bring the schema to the newest migration (idempotent)."""
    upgrade()


def current_revisions() -> set[str]:
    """The migrations the database is at (empty for a database without tables)."""
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def newest_revisions() -> set[str]:
    """The newest migrations the installed code ships."""
    config = current_app.extensions["migrate"].migrate.get_config()
    return set(ScriptDirectory.from_config(config).get_heads())


def schema_problem() -> str | None:
    """Why the database is not at the newest schema (and what to run), or None when it is."""
    try:
        current = current_revisions()
    except SQLAlchemyError as error:
        return f"The database cannot be reached ({type(error).__name__}: {error})."
    newest = newest_revisions()
    if current == newest:
        return None
    if not current:
        return f"The database has no tables yet: {INIT_HINT}."
    at, wanted = ", ".join(sorted(current)), ", ".join(sorted(newest))
    return f"The database is at migration {at}, the newest is {wanted}: {INIT_HINT}."


def ensure_current_schema() -> None:
    """Upgrade the database when it is behind, saying so in one line (a ClickException if it fails)."""
    if schema_problem() is None:
        return
    try:
        upgrade_database()
    except SQLAlchemyError as error:
        raise click.ClickException(
            f"The database could not be upgraded ({str(error).splitlines()[0]}); "
            f"make the instance folder writable, then {INIT_HINT}."
        ) from None
    click.echo(
        f"Upgraded the database to migration {', '.join(sorted(newest_revisions()))}.", err=True
    )


def with_current_schema(command: Callable[..., Any]) -> Callable[..., Any]:
    """For commands: run in the app context, on a database brought to the newest schema first."""

    @wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ensure_current_schema()
        return command(*args, **kwargs)

    return with_appcontext(wrapped)
