"""`interview export all`: every participant's coding PDF plus the tidy CSVs, with a progress bar."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from interview.audit import log_event
from interview.export.bulk.erasure_fence import ExportFence
from interview.export.bulk.render import RenderError
from interview.export.bulk.runner import ExportSummary
from interview.export.services import bulk_records, run_bulk_export
from interview.models import COPY_CLI
from interview.redaction.gate import UnreviewedSuggestions
from interview.register.copies import cli_user
from interview.schema import with_current_schema


@click.group("export")
def export_cli() -> None:
    """Export the study data for analysis."""


@export_cli.command("all")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=True, file_okay=True),
    help="A folder, or a file name ending in .zip.",
)
@click.option("--pdfa", is_flag=True, help="Archival PDF/A-3u with record.json embedded.")
@click.option("--workers", type=click.IntRange(min=1), help="PDF worker processes [one per core].")
@click.option(
    "--line-numbers/--no-line-numbers", default=None, help="Number every line [PDF_LINE_NUMBERS]."
)
@click.option(
    "--page-size", type=click.Choice(["A4", "Letter"]), help="Paper size [PAGE_SIZE setting]."
)
@with_current_schema
def export_all_command(
    out: Path, pdfa: bool, workers: int | None, line_numbers: bool | None, page_size: str | None
) -> None:
    """Write coding PDFs, participants.csv, changes.csv, answers.csv and the codebook to OUT,
    every free text redacted (nothing is written while redaction suggestions wait for review)."""
    # Registered as a copy: an erasure then lists OUT among the copies to destroy by hand.
    fence = ExportFence(current_app._get_current_object(), COPY_CLI, created_by=cli_user())
    try:
        bulk = bulk_records()  # redacted, once the review gate lets everyone out
    except UnreviewedSuggestions as error:
        raise click.ClickException(str(error)) from None
    with click.progressbar(length=len(bulk.records), label=_("Coding PDFs")) as bar:
        try:
            summary = run_bulk_export(
                bulk.records,
                out,
                pdfa=pdfa,
                workers=workers,
                page_size=page_size,
                line_numbers=line_numbers,
                progress=lambda done, _total: bar.update(done - bar.pos),
                excluded=bulk.excluded,
                fence=fence,
            )
        except (RenderError, ValueError, OSError) as error:
            raise click.ClickException(str(error)) from None
    log_event("export_all", detail=f"command line export to {summary.path.name}")
    click.echo(summary_text(summary, bulk.excluded))


def summary_text(summary: ExportSummary, excluded: int) -> str:
    """What the export did, in one paragraph: exactly the files it wrote."""
    files = ", ".join(summary.tidy_files)
    count = summary.participants
    if not count:
        lines = [
            _("Nothing to export yet: no participant has research data."),
            "  "
            + _(
                "Wrote %(path)s with empty tables and the codebook only: %(files)s",
                path=summary.path,
                files=files,
            ),
        ]
    else:
        seconds = format_decimal(summary.seconds, format="0.0")
        lines = [
            ngettext(
                "Exported %(num)d participant to %(path)s",
                "Exported %(num)d participants to %(path)s",
                count,
                path=summary.path,
            ),
            "  "
            + _(
                "PDFs rendered: %(rendered)d, from cache: %(cached)d, %(seconds)s seconds",
                rendered=summary.rendered,
                cached=summary.cached,
                seconds=seconds,
            ),
            "  "
            + ngettext(
                "Files: pdf/ (%(num)d coding PDF), %(files)s",
                "Files: pdf/ (%(num)d coding PDFs), %(files)s",
                count,
                files=files,
            ),
        ]
    if summary.left_out:
        codes = ", ".join(summary.left_out)
        lines.append(
            "  " + _("Left out: %(codes)s, withdrawn or deleted while the export ran.", codes=codes)
        )
    if excluded:
        lines.append(
            "  "
            + ngettext(
                "Left out: %(num)d participant who declined or withdrew consent "
                "(their research data is not kept).",
                "Left out: %(num)d participants who declined or withdrew consent "
                "(their research data is not kept).",
                excluded,
            )
        )
    return "\n".join(lines)
