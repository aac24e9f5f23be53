"""`interview export qdpx|qdc`, `interview import qdpx|qdc` and `interview codebook list`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask_babel import gettext as _

from interview.coding.codebook import ensure_codebook
from interview.coding.results import codebook_tree
from interview.exchange.exports import export_codebook, write_file, write_project
from interview.exchange.importer import (
    apply_import,
    check_strict,
    coder_for,
    import_codebook,
    plan_import,
)
from interview.exchange.merge import plan_merge
from interview.exchange.reader import read_project, read_qdc
from interview.exchange.safety import MAX_MEMBER, ExchangeError
from interview.redaction.gate import UnreviewedSuggestions
from interview.register.copies import cli_user
from interview.schema import with_current_schema

OUT = click.Path(path_type=Path, dir_okay=False)
IN = click.Path(path_type=Path, exists=True, dir_okay=False)


@click.command("qdpx")
@click.option("--out", required=True, type=OUT, help="The .qdpx file to write.")
@click.option(
    "--layer",
    default="reconciled",
    show_default=True,
    help="Whose codings: reconciled, a coder's user name, or none.",
)
@click.option(
    "--with-audio",
    is_flag=True,
    help="Add each recording as an audio source: the team's own copy, unredacted (the voice "
    "identifies the participant). Without it the project is redacted and holds no audio.",
)
@with_current_schema
def export_qdpx_command(out: Path, layer: str, with_audio: bool) -> None:
    """Write the study as a REFI-QDA project (ATLAS.ti, MAXQDA, NVivo, QualCoder), redacted
    unless --with-audio."""
    try:
        project = write_project(out, layer, cli_user(), with_audio=with_audio)
    except (ExchangeError, UnreviewedSuggestions, OSError) as error:
        raise click.ClickException(str(error)) from None
    wrote = _(
        "Wrote %(out)s with %(participants)d participants and %(codings)d codings (layer %(layer)s)",
        out=out,
        participants=len(project.codes),
        codings=project.selections,
        layer=layer,
    )
    if with_audio:
        wrote += _(", unredacted, with the recordings of %(num)d", num=len(project.recordings))
    else:
        wrote += _(", redacted")
    click.echo(wrote + ".")


@click.command("qdc")
@click.option("--out", required=True, type=OUT, help="The .qdc file to write.")
@with_current_schema
def export_qdc_command(out: Path) -> None:
    """Write the study's codebook as a REFI-QDA codebook."""
    try:
        write_file(out, export_codebook())
    except (ExchangeError, OSError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(_("Wrote the codebook to %(out)s.", out=out))


def read_upload(path: Path) -> bytes:
    """The file's bytes, refusing one larger than the import takes."""
    if path.stat().st_size > MAX_MEMBER:
        raise click.ClickException(_("%(path)s is too large to import.", path=path))
    return path.read_bytes()


@click.group("import")
def import_cli() -> None:
    """Import REFI-QDA projects and codebooks."""


@import_cli.command("qdpx")
@click.argument("file", type=IN)
@click.option("--coder", help="The user whose coding layer the codings become.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; change nothing.")
@click.option("--strict", is_flag=True, help="Fail if a source or a selection cannot be matched.")
@with_current_schema
def import_qdpx_command(file: Path, coder: str | None, dry_run: bool, strict: bool) -> None:
    """Import the codings of a REFI-QDA project as one coder's layer."""
    try:
        project = read_project(read_upload(file))
        user = coder_for(project, coder)
        plan = plan_import(project, user)
        if strict:
            check_strict(plan)
        if not dry_run:
            apply_import(plan, user)
    except ExchangeError as error:
        raise click.ClickException(str(error)) from None
    click.echo(plan.report(dry_run))


@import_cli.command("qdc")
@click.argument("file", type=IN)
@click.option("--dry-run", is_flag=True, help="Show what would be merged; change nothing.")
@with_current_schema
def import_qdc_command(file: Path, dry_run: bool) -> None:
    """Merge a REFI-QDA codebook into the study's codebook (by GUID, then by name)."""
    try:
        ensure_codebook()
        merge = plan_merge(read_qdc(read_upload(file)))
        if not dry_run:
            import_codebook(merge, None)
    except ExchangeError as error:
        raise click.ClickException(str(error)) from None
    counts = {"new": len(merge.new), "matched": len(merge.matched)}
    if dry_run:
        click.echo(_("Would add %(new)d codes; %(matched)d matched ours.", **counts))
    else:
        click.echo(_("Added %(new)d codes; %(matched)d matched ours.", **counts))
    for line in merge.lines():
        click.echo(line)


@click.group("codebook")
def codebook_cli() -> None:
    """The study's live codebook."""


@codebook_cli.command("list")
@click.option("--format", "form", type=click.Choice(["text", "json"]), default="text")
@with_current_schema
def codebook_list_command(form: str) -> None:
    """Print the codebook with its nesting (retired codes marked)."""
    tree = codebook_tree(include_retired=True)
    if form == "json":
        click.echo(json.dumps(tree, ensure_ascii=False, indent=2))
        return
    for line in tree_lines(tree, 0):
        click.echo(line)


def tree_lines(nodes: list[dict[str, Any]], depth: int) -> list[str]:
    """One indented line per code: name, colour, guid."""
    lines = []
    for node in nodes:
        retired = " " + _("(retired)") if node["retired"] else ""
        lines.append(f"{'  ' * depth}{node['name']}{retired}  {node['colour']}  {node['guid']}")
        lines += tree_lines(node["children"], depth + 1)
    return lines
