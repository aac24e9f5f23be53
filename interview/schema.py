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
from flask_babel import gettext as _
from flask_migrate import upgrade
from sqlalchemy.exc import SQLAlchemyError

from interview.extensions import db


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
        return _(
            "The database cannot be reached (%(kind)s: %(error)s).",
            kind=type(error).__name__,
            error=error,
        )
    newest = newest_revisions()
    if current == newest:
        return None
    if not current:
        return _("The database has no tables yet: run `interview init-db`.")
    return _(
        "The database is at migration %(at)s, the newest is %(newest)s: run `interview init-db`.",
        at=", ".join(sorted(current)),
        newest=", ".join(sorted(newest)),
    )


def ensure_current_schema() -> None:
    """Upgrade the database when it is behind, saying so in one line (a ClickException if it fails)."""
    if schema_problem() is None:
        return
    try:
        upgrade_database()
    except SQLAlchemyError as error:
        raise click.ClickException(
            _(
                "The database could not be upgraded (%(error)s); "
                "make the instance folder writable, then run `interview init-db`.",
                error=str(error).splitlines()[0],
            )
        ) from None
    newest = ", ".join(sorted(newest_revisions()))
    click.echo(_("Upgraded the database to migration %(newest)s.", newest=newest), err=True)


def with_current_schema(command: Callable[..., Any]) -> Callable[..., Any]:
    """For commands: run in the app context, on a database brought to the newest schema first."""

    @wraps(command)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ensure_current_schema()
        return command(*args, **kwargs)

    return with_appcontext(wrapped)
