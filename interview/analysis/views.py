"""The Results page for analysts and admins: the sample, its paragraph, Table 1, the matrix, citations.

Every figure on the page, in the PDF and in the downloaded files comes from one `Results`
(`interview.analysis.results.compute_results`). Participants appear by code only.
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, render_template, request, send_file

from interview.analysis.adapters import install_layer_sources
from interview.analysis.citations import item_labels
from interview.analysis.exports import install_export_files, result_files
from interview.analysis.formats import figure_helpers
from interview.analysis.forms import ResultsForm
from interview.analysis.layers import RECONCILED, coding_layer, layer_names
from interview.analysis.results import Results
from interview.analysis.services import analysis_inputs, load_results, record_results_event
from interview.auth.decorators import permission_required
from interview.permissions import Permission

bp = Blueprint("analysis", __name__, url_prefix="/results")

QUERY_KEYS = ("layer", "attributes", "category")
MIMETYPES = {
    "sample.json": "application/json",
    "sample.txt": "text/plain; charset=utf-8",
    "table1.csv": "text/csv; charset=utf-8",
    "citations.csv": "text/csv; charset=utf-8",
}


@bp.record_once
def install(state) -> None:
    """When the app registers this blueprint: the layer sources, and our files in bulk exports."""
    install_layer_sources(state.app)
    install_export_files(state.app)


@bp.before_request
@permission_required(Permission.RESEARCH_VIEW)
def only_analysts() -> None:
    """Every results page is for analysts and admins only."""


def chosen_results() -> tuple[ResultsForm, Results]:
    """The choices in the query string (invalid ones fall back to the defaults), and the results."""
    inputs = analysis_inputs()
    names = layer_names()
    asked = request.args.get("layer", RECONCILED)
    form = ResultsForm(request.args)
    codebook = coding_layer(asked if asked in names else RECONCILED).codebook
    form.offer(names, item_labels(inputs.records), codebook)
    return form, load_results(**form.choices(), inputs=inputs)


def choices_query() -> dict[str, list[str]]:
    """The page's choices, for the download links (nothing else from the query string)."""
    return {key: request.args.getlist(key) for key in QUERY_KEYS if key in request.args}


@bp.get("/")
def index():
    """The Results page."""
    form, results = chosen_results()
    record_results_event("results_view", f"layer {results.table.layer}")
    return render_template(
        "analysis/index.html",
        form=form,
        results=results,
        files=MIMETYPES,
        query=choices_query(),
        **figure_helpers(),
    )


@bp.get("/results.pdf")
def pdf():
    """The results as a PDF in the coding PDF's house style."""
    from interview.analysis.pdf import render_results_pdf  # WeasyPrint loads only when asked

    _form, results = chosen_results()
    data = render_results_pdf(
        results,
        page_size=current_app.config["PAGE_SIZE"],
        instance_path=current_app.instance_path,
    )
    record_results_event("results_pdf", f"layer {results.table.layer}")
    return send_file(
        BytesIO(data), mimetype="application/pdf", as_attachment=True, download_name="results.pdf"
    )


@bp.get("/files/<name>")
def download(name: str):
    """One of the export's analysis files (sample.json, sample.txt, table1.csv, citations.csv)."""
    if name not in MIMETYPES:
        abort(404)
    _form, results = chosen_results()
    data = result_files(results)[name]
    record_results_event("results_file", f"{name}, layer {results.table.layer}")
    return send_file(
        BytesIO(data), mimetype=MIMETYPES[name], as_attachment=True, download_name=name
    )
