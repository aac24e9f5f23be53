"""`interview transcript import|export`: scripted imports (preview printed, then saved) and exports."""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from interview.auth.users import AccountError, command_line_user
from interview.coding.carry import LostPassage
from interview.models import SPEAKERS, Participant, User
from interview.participants.services import find_participant
from interview.register.copies import cli_user
from interview.schema import with_current_schema
from interview.transcripts.exports import EXPORT_FORMATS, write_cli_export
from interview.transcripts.formats.base import FormatError
from interview.transcripts.formats.reader import FORMATS, read_transcript
from interview.transcripts.imports import (
    ImportBlocked,
    Preview,
    import_transcript,
    preview_transcript,
)
from interview.transcripts.store import TranscriptError


@click.group("transcript")
def transcript_cli() -> None:
    """Import and export participants' transcripts."""


def participant_or_fail(code: str) -> Participant:
    """The participant, or a one-line error."""
    participant = find_participant(code)
    if participant is None:
        raise click.ClickException(_("There is no participant %(code)s.", code=code))
    return participant


def speaker_option(values: tuple[str, ...]) -> dict[str, str]:
    """`LABEL=interviewer|participant` pairs as a mapping (an empty label: turns without one)."""
    mapping = {}
    for value in values:
        label, sep, role = value.rpartition("=")
        if not sep or role not in SPEAKERS:
            raise click.BadParameter(
                _("%(value)s: write LABEL=interviewer or LABEL=participant.", value=repr(value))
            )
        mapping[label.strip()] = role
    return mapping


def acting_user(username: str | None) -> User:
    """Who the import is saved as: the named account, or the first admin."""
    try:
        return command_line_user(username)
    except AccountError as error:
        raise click.ClickException(str(error)) from None


def preview_text(preview: Preview) -> str:
    """The preview as the terminal shows it: speakers, then every turn with its question."""
    lines = [
        f"Format: {preview.format}, offset {preview.offset_ms / 1000:g} s ({preview.clock} clock)"
    ]
    for choice in preview.speakers:
        lines.append(
            f"  speaker {choice.label or '(none)'!s}: {choice.turns} turns -> {choice.role}"
        )
    lines.append(f"{len(preview.turns)} turns, {preview.placed} under a question")
    for turn in preview.turns:
        question = turn.question_id or "(before the first question)"
        text = " ".join(turn.text.split())
        lines.append(
            f"  {turn.number:>4} {turn.start or '-':>11} {turn.speaker} [{question}] {text[:60]}"
        )
    if preview.carried:
        lines.append(f"Codings carried over: {preview.carried}")
    lines += lost_lines(preview.lost)
    return "\n".join(lines)


def lost_lines(lost: list[LostPassage]) -> list[str]:
    """The coded passages that would be lost, one a line."""
    if not lost:
        return []
    return ["Coded passages that would be lost:"] + [
        f"  {item.label} ({item.coder or 'agreed'}): {' '.join(item.quote.split())[:60]}"
        for item in lost
    ]


@transcript_cli.command("import")
@click.argument("code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read as this format [by name].")
@click.option("--offset", type=float, default=0.0, help="Seconds added to every turn's time.")
@click.option(
    "--speaker", "speakers", multiple=True, help="LABEL=interviewer|participant (repeat)."
)
@click.option("--dry-run", is_flag=True, help="Print the preview, save nothing.")
@click.option("--user", "username", help="Save as this account [the first admin].")
@with_current_schema
def import_command(code, file, fmt, offset, speakers, dry_run, username) -> None:
    """Read FILE, print the preview, and save it as CODE's transcript (unless --dry-run)."""
    participant = participant_or_fail(code)
    mapping = speaker_option(speakers)
    offset_ms = round(offset * 1000)
    try:
        read = read_transcript(file.name, file.read_bytes(), fmt)
        preview = preview_transcript(participant, read, speakers=mapping, offset_ms=offset_ms)
        click.echo(preview_text(preview))
        if dry_run:
            click.echo(_("Dry run: nothing saved."))
            return
        transcript = import_transcript(
            participant, read, by=acting_user(username), speakers=mapping, offset_ms=offset_ms
        )
    except ImportBlocked as blocked:
        raise click.ClickException(str(blocked)) from None
    except (FormatError, TranscriptError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _(
            "Saved %(code)s's transcript, version %(version)s.",
            code=code,
            version=transcript.version,
        )
    )


@transcript_cli.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="File [CODE.FORMAT].")
@with_current_schema
def export_command(code: str, fmt: str, out: Path | None) -> None:
    """Write CODE's transcript as WebVTT or typed text (registered: an erasure lists the file)."""
    participant = participant_or_fail(code)
    try:
        path = write_cli_export(participant, fmt, out or Path(f"{code}.{fmt}"), cli_user())
    except (ValueError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Wrote %(path)s", path=path))
