"""The exchange page: download the study as .qdpx or its codebook as .qdc, upload a project."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.exchange.exports import download_project, download_project_audio, export_codebook
from interview.exchange.forms import ImportForm, LayerForm
from interview.exchange.safety import ExchangeError
from interview.exchange.services import MAX_UPLOAD, import_upload
from interview.inputs import takes_files
from interview.permissions import Permission

bp = Blueprint("exchange", __name__, url_prefix="/exchange")
QDPX = "application/vnd.refi-qda.qdpx+zip"


@bp.get("/")
@permission_required(Permission.EXPORT_BULK)
def index():
    """Exports for ATLAS.ti, MAXQDA, NVivo and QualCoder, and the import form."""
    return render_template(
        "exchange/index.html", layers=LayerForm(request.args), form=ImportForm(), outcome=None
    )


@bp.get("/study.qdpx")
@permission_required(Permission.EXPORT_BULK)
def download_qdpx():
    """The study as a REFI-QDA project with the chosen layer's codings (audit-logged)."""
    form = LayerForm(request.args)
    if not form.validate():
        flash(_("Choose a coding layer from the list."), "error")
        return redirect(url_for("exchange.index"))
    project = download_project(form.layer.data, current_user)
    return send_file(
        BytesIO(project.data), mimetype=QDPX, as_attachment=True, download_name="study.qdpx"
    )


@bp.get("/study-with-audio.qdpx")
@permission_required(Permission.RECORDING_EXPORT)
def download_qdpx_audio():
    """The project with every recording as an audio source: admins only, asked for explicitly."""
    form = LayerForm(request.args)
    if not form.validate():
        flash(_("Choose a coding layer from the list."), "error")
        return redirect(url_for("exchange.index"))
    try:
        _project, stream = download_project_audio(form.layer.data, current_user)
    except ExchangeError as error:
        flash(str(error), "error")
        return redirect(url_for("exchange.index"))
    return send_file(
        stream, mimetype=QDPX, as_attachment=True, download_name="study-with-audio.qdpx"
    )


@bp.get("/codebook.qdc")
@permission_required(Permission.EXPORT_BULK)
def download_qdc():
    """The study's codebook as a REFI-QDA codebook."""
    return send_file(
        BytesIO(export_codebook()),
        mimetype="application/xml",
        as_attachment=True,
        download_name="codebook.qdc",
    )


@bp.post("/import")
@takes_files("file", max_bytes=MAX_UPLOAD)
@permission_required(Permission.RESEARCH_CODE)
def upload():
    """Import a project's codings as the analyst's layer (or a codebook), or show the dry run."""
    form = ImportForm()
    outcome = None
    if form.validate_on_submit():
        try:
            outcome = import_upload(
                form.file.data.read(),
                form.file.data.filename or "",
                current_user,
                form.dry_run.data,
            )
        except ExchangeError as error:
            form.file.errors.append(str(error))
    return render_template("exchange/index.html", layers=LayerForm(), form=form, outcome=outcome), (
        200 if outcome or not form.errors else 400
    )
