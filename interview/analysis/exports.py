"""The analysis's files in the research export zip: sample.json, sample.txt, table1.csv, citations.csv."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Flask

from interview.analysis.formats import (
    citations_csv,
    json_bytes,
    sample_json,
    sample_text,
    table_csv,
)
from interview.analysis.layers import RECONCILED, coding_layer
from interview.analysis.results import Results, compute_results
from interview.analysis.services import left_out_codes
from interview.export.services import EXTRA_FILES

# The layer a paper reports: the one both coders agreed on.
EXPORT_LAYER = RECONCILED


def result_files(results: Results) -> dict[str, bytes]:
    """The four files, from one set of results (the page's download links use them too)."""
    return {
        "sample.json": json_bytes(sample_json(results.sample, results.paragraph)),
        "sample.txt": sample_text(results.sample, results.paragraph).encode("utf-8"),
        "table1.csv": table_csv(results.table),
        "citations.csv": citations_csv(results.citations),
    }


def export_files(records: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    """The files for a bulk export of ``records`` (the exportable participants), reconciled layer."""
    return result_files(compute_results(records, left_out_codes(), coding_layer(EXPORT_LAYER)))


def install_export_files(app: Flask) -> None:
    """Add the analysis's files to every bulk export of this app."""
    makers = app.extensions.setdefault(EXTRA_FILES, [])
    if export_files not in makers:
        makers.append(export_files)
