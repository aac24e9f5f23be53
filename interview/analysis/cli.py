"""`interview analysis sample|table|citations`: the paper's figures on the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from interview.analysis.citations import AnalysisError
from interview.analysis.formats import (
    citations_csv,
    citations_text,
    json_bytes,
    sample_json,
    sample_table,
    sample_text,
    table_csv,
    table_json,
    table_text,
)
from interview.analysis.layers import RECONCILED
from interview.analysis.results import Results
from interview.analysis.services import load_results, record_results_event
from interview.export.formats.tables import csv_bytes
from interview.redaction.gate import UnreviewedSuggestions

LAYER_HELP = "The coding layer: a coder's name, or reconciled."


@click.group("analysis")
def analysis_cli() -> None:
    """The figures the paper reports: the sample, Table 1 and the citations."""


def results_or_fail(**choices) -> Results:
    """The results, or a clear one-line error (unknown layer, category or item, or redaction
    suggestions nobody reviewed)."""
    try:
        return load_results(**choices)
    except (AnalysisError, UnreviewedSuggestions) as error:
        raise click.ClickException(str(error)) from None


def emit(data: bytes | str, what: str) -> None:
    """Print the output and note in the audit log that it was read."""
    # Files go out as their bytes (CSV rows end in CRLF), so a redirect writes the export's file.
    click.echo(data, nl=False)
    record_results_event("results_cli", what)


@analysis_cli.command("sample")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@with_appcontext
def sample_command(fmt: str) -> None:
    """The sample description: n, counts per answer, age, time in therapy, therapists."""
    results = results_or_fail()
    sample, paragraph = results.sample, results.paragraph
    outputs = {
        "text": lambda: sample_text(sample, paragraph),
        "json": lambda: json_bytes(sample_json(sample, paragraph)),
        "csv": lambda: csv_bytes(sample_table(sample)),
    }
    emit(outputs[fmt](), f"sample ({fmt})")


@analysis_cli.command("table")
@click.option("--layer", default=RECONCILED, show_default=True, help=LAYER_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text")
@click.option("--matrix", is_flag=True, help="Text: also print the category × participant matrix.")
@with_appcontext
def table_command(layer: str, fmt: str, matrix: bool) -> None:
    """Table 1: CC and CT per category and subcategory, and the total of coded citations."""
    table = results_or_fail(layer=layer).table
    outputs = {
        "text": lambda: table_text(table, matrix=matrix),
        "json": lambda: json_bytes(table_json(table)),
        "csv": lambda: table_csv(table),
    }
    emit(outputs[fmt](), f"table 1 ({fmt}), layer {layer}")


@analysis_cli.command("citations")
@click.option("--layer", default=RECONCILED, show_default=True, help=LAYER_HELP)
@click.option("--category", help="Only this category (its id, or its number in Table 1).")
@click.option(
    "--attribute",
    "attributes",
    multiple=True,
    help="A questionnaire item to show beside each citation (repeat it) [gender, age].",
)
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text")
@with_appcontext
def citations_command(
    layer: str, category: str | None, attributes: tuple[str, ...], fmt: str
) -> None:
    """Per category its definition and every citation with its id, attributes and text."""
    report = results_or_fail(
        layer=layer, category=category, attributes=list(attributes) or None
    ).citations
    output = citations_text(report) if fmt == "text" else citations_csv(report)
    emit(output, f"citations ({fmt}), layer {layer}")
