"""The results PDF: the Participants paragraph, the sample, Table 1, the matrix and the citations.

Same engine and house style as the coding PDF (common.css, DejaVu, running heads and page numbers).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from interview.analysis.formats import figure_helpers
from interview.analysis.paragraph import paragraph_language
from interview.analysis.results import Results
from interview.pdf import engine
from interview.pdf.formatting import when


def results_context(results: Results, rendered_at: datetime) -> dict[str, Any]:
    """The template context: the results and the helpers that write their numbers."""
    language = paragraph_language(results.sample.language)
    with force_locale(language):
        title = _("Results — coding layer %(layer)s", layer=results.table.layer)
    return {
        "lang": language,
        "title": title,
        "results": results,
        **figure_helpers(),
        "rendered_at": when(rendered_at, language),
    }


def results_html(results: Results, rendered_at: datetime) -> str:
    """The results PDF's HTML."""
    return engine.render_template("results.html", **results_context(results, rendered_at))


def render_results_pdf(
    results: Results,
    *,
    page_size: str = "A4",
    rendered_at: datetime | None = None,
    instance_path: str | Path | None = None,
) -> bytes:
    """Render the results as a PDF."""
    rendered_at = rendered_at or datetime.now(UTC)
    styles = [
        engine.stylesheet("common.css"),
        engine.stylesheet("results.css"),
        engine.page_size_stylesheet(page_size),
    ]
    html = results_html(results, rendered_at)
    with engine.RENDER_LOCK:
        return engine.write_pdf(engine.layout(html, styles, instance_path))
