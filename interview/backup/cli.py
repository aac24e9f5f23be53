"""`interview backup --out FILE` and `interview restore FILE --instance DIR`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from interview.backup.archive import MAGIC, ArchiveError
from interview.backup.restore import restore_backup
from interview.backup.snapshot import BackupError, make_backup
from interview.register.copies import cli_user

PASSPHRASE_FILE = click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Read the passphrase from the first line of this file.",
)


@click.command("backup")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, dir_okay=False), help="A new file."
)
@PASSPHRASE_FILE
@click.option("--encrypt", is_flag=True, help="Ask for a passphrase to encrypt the archive with.")
@with_appcontext
def backup_command(out: Path, passphrase_file: Path | None, encrypt: bool) -> None:
    """Write one archive of this installation while it runs (database, secret key, instruments)."""
    passphrase = read_passphrase(passphrase_file) if passphrase_file else None
    if encrypt and passphrase is None:
        passphrase = click.prompt(_("Passphrase"), hide_input=True, confirmation_prompt=True)
    try:
        summary = make_backup(out, passphrase, made_by=cli_user())
    except (BackupError, OSError) as error:
        raise click.ClickException(str(error)) from None
    state = _("encrypted") if summary.encrypted else _("NOT encrypted: store it encrypted")
    click.echo(
        _(
            "Backup of %(files)s files written to %(path)s (%(state)s).",
            files=summary.files,
            path=summary.path,
            state=state,
        )
    )
    click.echo(_("  SHA-256 of the archive: %(sha)s", sha=summary.sha256))


@click.command("restore")
@click.argument("archive", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--instance",
    "target",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="An empty or new folder to restore into.",
)
@PASSPHRASE_FILE
def restore_command(archive: Path, target: Path, passphrase_file: Path | None) -> None:
    """Verify a backup archive and restore it into an empty or new instance folder."""
    passphrase = read_passphrase(passphrase_file) if passphrase_file else None
    if passphrase is None and is_encrypted(archive):
        passphrase = click.prompt(_("Passphrase"), hide_input=True)
    try:
        summary = restore_backup(archive, target, passphrase)
    except ArchiveError as error:
        raise click.ClickException(_("%(error)s Nothing was restored.", error=error)) from None
    click.echo(
        _(
            "Restored %(files)s files into %(path)s (checksums verified).",
            files=summary.files,
            path=summary.path,
        )
    )
    if summary.sql_dump is not None:
        click.echo(
            _(
                "  Load the database into an empty PostgreSQL database: psql URL -f %(dump)s",
                dump=summary.sql_dump,
            )
        )
    else:
        click.echo(
            _(
                "  Serve it with: INTERVIEW_INSTANCE_PATH=%(path)s interview serve",
                path=summary.path,
            )
        )


def read_passphrase(path: Path) -> str:
    """The first line of the passphrase file; an empty one is refused."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0]:
        raise click.ClickException(_("%(path)s holds no passphrase on its first line.", path=path))
    return lines[0]


def is_encrypted(archive: Path) -> bool:
    """Whether the archive starts like an encrypted one."""
    with archive.open("rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC
