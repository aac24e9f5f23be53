"""The one function every output of the analysis is made from: page, PDF, CSVs, JSON and CLI."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from interview.analysis.citations import CitationsReport, citations_report
from interview.analysis.layers import CodingLayer
from interview.analysis.paragraph import participants_paragraph
from interview.analysis.sample import Sample, describe_sample
from interview.analysis.table1 import Table1, build_table1


@dataclass(frozen=True)
class Results:
    """Everything the paper reports: the sample, its paragraph, Table 1 and the citations."""

    sample: Sample
    paragraph: str
    table: Table1
    citations: CitationsReport


def compute_results(
    records: Sequence[Mapping[str, Any]],
    left_out: Mapping[str, Iterable[str]],
    layer: CodingLayer,
    *,
    attributes: Sequence[str] | None = None,
    category: str | None = None,
) -> Results:
    """Describe the sample and count the layer over the exportable ``records``.

    ``left_out`` names the participants who have no record (declined, withdrawn) by reason.
    """
    sample = describe_sample(records, left_out)
    participants = {r["participant"]["number"]: r["participant"]["code"] for r in records}
    return Results(
        sample=sample,
        paragraph=participants_paragraph(sample),
        table=build_table1(layer, participants),
        citations=citations_report(layer, records, attributes=attributes, category=category),
    )
