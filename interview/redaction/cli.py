"""`interview redaction add|list|review`: the redaction list for scripted studies."""

from __future__ import annotations

import click

from interview.auth.users import AccountError, command_line_user
from interview.models import Participant, User
from interview.models.redaction import KINDS
from interview.participants.services import find_participant
from interview.redaction.review import ListedTerm, review
from interview.redaction.store import RedactionError, accept_all, add_term, dismiss_all
from interview.redaction.terms import listed_terms
from interview.register.erasures import is_erased
from interview.schema import with_current_schema

USER_OPTION = click.option("--user", "username", help="Act as this account [the first admin].")


@click.group("redaction")
def redaction_cli() -> None:
    """The terms replaced by labels in research exports, and the review of suggestions."""


def participant_or_fail(code: str) -> Participant:
    """The participant (not erased), or a one-line error."""
    participant = None if is_erased(code) else find_participant(code)
    if participant is None:
        raise click.ClickException(f"There is no participant {code}.")
    return participant


def user_or_fail(username: str | None) -> User:
    """The acting account, or a one-line error."""
    try:
        return command_line_user(username)
    except AccountError as error:
        raise click.ClickException(str(error)) from None


def code_and_term(study: bool, values: tuple[str, ...]) -> tuple[str | None, str]:
    """CODE TERM, or TERM alone with --study."""
    if len(values) != (1 if study else 2):
        usage = "--study TERM" if study else "CODE TERM (or --study TERM)"
        raise click.UsageError(f"Give {usage}.")
    return (None, values[0]) if study else (values[0], values[1])


@redaction_cli.command("add")
@click.argument("values", nargs=-1, metavar="[CODE] TERM")
@click.option("--study", is_flag=True, help="A study-wide term (every participant's texts).")
@click.option("--kind", type=click.Choice(KINDS), required=True)
@USER_OPTION
@with_current_schema
def add_command(values: tuple[str, ...], study: bool, kind: str, username: str | None) -> None:
    """Add TERM to CODE's list, or with --study to the study-wide list."""
    code, text = code_and_term(study, values)
    participant = participant_or_fail(code) if code else None
    try:
        term = add_term(participant, text, kind, user_or_fail(username))
    except RedactionError as error:
        raise click.ClickException(str(error)) from None
    where = participant.code if participant else "the study"
    click.echo(f"Added term {term.id} ({kind}) to {where}'s list.")


@redaction_cli.command("list")
@click.argument("code", required=False)
@click.option("--study", is_flag=True, help="The study-wide list.")
@with_current_schema
def list_command(code: str | None, study: bool) -> None:
    """CODE's terms with their kinds and labels, or with --study the study-wide list."""
    if study == bool(code):
        raise click.UsageError("Give CODE or --study.")
    if study:
        for row in listed_terms(None):
            click.echo(f"{row.id:>5}  {row.kind:<12}  {row.text}")
        return
    # No viewer: the consent name is never printed, only what stands for it.
    for row in review(participant_or_fail(code), None).terms:
        click.echo(list_line(row))


def list_line(row: ListedTerm) -> str:
    """One term as `list` prints it: id, kind, label (or that it was not found), text."""
    ident = "-" if row.id is None else str(row.id)
    text = f"({row.text})" if row.id is None else row.text
    scope = " [study]" if row.study else ""
    return f"{ident:>5}  {row.kind:<12}  {row.label or '(not found)':<16}  {text}{scope}"


@redaction_cli.command("review")
@click.argument("code")
@click.option("--accept-all", "accept", is_flag=True, help="Accept every pending suggestion.")
@click.option("--dismiss-all", "dismiss", is_flag=True, help="Dismiss every pending suggestion.")
@USER_OPTION
@with_current_schema
def review_command(code: str, accept: bool, dismiss: bool, username: str | None) -> None:
    """Accept or dismiss every pending suggestion of CODE (exactly one of the two)."""
    if accept == dismiss:
        raise click.UsageError("Give exactly one of --accept-all and --dismiss-all.")
    participant = participant_or_fail(code)
    user = user_or_fail(username)
    done, left = (accept_all if accept else dismiss_all)(participant, user)
    click.echo(f"{participant.code}: {done} {'accepted' if accept else 'dismissed'}.")
    if left:
        raise click.ClickException(
            f"{left} could not be added (too short or too long): add terms by hand."
        )
