"""`interview instruments check|list`: validate and show the instrument files in effect."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from interview.catalogues import gettext as _
from interview.instruments.errors import InstrumentError
from interview.instruments.loading import (
    check_file,
    effective_instruments,
    is_shipped,
    iter_checked,
)
from interview.instruments.model import Instrument


@click.group("instruments")
def instruments_cli() -> None:
    """Check and list the instruments: consent, questionnaire and interview protocol."""


def _ok_line(instrument: Instrument) -> str:
    return _(
        "OK %(id)s %(version)s %(sha)s %(source)s",
        id=instrument.id,
        version=instrument.version,
        sha=instrument.sha256[:12],
        source=instrument.source,
    )


@with_appcontext
def _instance_path() -> str:
    # Only the no-FILE case needs the app; checking a draft file must work even when the
    # installation's own instruments are broken (the app would not start).
    return current_app.instance_path


@instruments_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check_command(files: tuple[Path, ...]) -> None:
    """Check FILEs, or with no FILE every instrument in effect (shipped and instance overrides)."""
    try:
        checked = map(check_file, files) if files else iter_checked(_instance_path())
        for instrument in checked:
            click.echo(_ok_line(instrument))
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc


@instruments_cli.command("list")
@click.option("--language", "-l", default=None, help="Language to resolve the texts to.")
def list_command(language: str | None) -> None:
    """List the instruments in effect, with version, language, sha256 and where each comes from."""
    try:
        instruments = effective_instruments(_instance_path(), language)
    except InstrumentError as exc:
        raise click.ClickException(str(exc)) from exc
    for i in instruments:
        origin = _("shipped") if is_shipped(i) else _("override")
        click.echo(
            f"{i.id:<17} {i.kind:<13} {i.version:<6} {i.language:<5} {i.sha256[:12]} "
            f"{origin:<8} {i.source}"
        )
