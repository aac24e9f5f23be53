"""Export pages: record.json and the coding PDF per participant, and the bulk research export."""

from __future__ import annotations

import json
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from interview.audit import log_event
from interview.auth.decorators import permission_required
from interview.errors import wants_json
from interview.export.bulk.jobs import (
    ExportOptions,
    active_job,
    download_job,
    downloadable,
    get_job_or_404,
    job_file,
    recent_jobs,
    start_job,
)
from interview.export.forms import StartExportForm
from interview.export.renders import RenderBusy
from interview.export.services import (
    coding_pdf,
    excluded_count,
    exportable_participants,
    participant_record,
)
from interview.models import CONSENT_WITHDRAWN, Participant
from interview.participants.services import get_participant
from interview.permissions import Permission

bp = Blueprint("export", __name__)


def exportable_participant(code: str) -> Participant:
    """The participant, or a 404 once they withdrew: nothing of theirs is exported any more."""
    participant = get_participant(code)
    if participant.consent is not None and participant.consent.status == CONSENT_WITHDRAWN:
        abort(404)
    return participant


@bp.errorhandler(RenderBusy)
def renders_busy(busy: RenderBusy):
    """Every PDF worker is busy: 503 with Retry-After, and a page that tries again by itself."""
    headers = {"Retry-After": str(busy.retry_after)}
    message = _("Many PDFs are being made right now. Yours follows in a few seconds.")
    if wants_json():
        return {"error": "busy", "message": message}, 503, headers
    code = (request.view_args or {}).get("code", "")
    back = url_for("participants.detail", code=code) if code else url_for("participants.index")
    page = render_template(
        "export/busy.html", message=message, retry_after=busy.retry_after, back=back
    )
    return page, 503, headers


@bp.get("/participants/<code>/record.json")
@permission_required(Permission.EXPORT_PARTICIPANT)
def record_json(code: str):
    """The participant's record as JSON (docs/record-format.md), its free text redacted."""
    participant = exportable_participant(code)
    record = participant_record(participant)
    log_event("export_record_json", participant)
    body = json.dumps(record, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{participant.code}.json"'
    return response


@bp.get("/participants/<code>/coding.pdf")
@permission_required(Permission.EXPORT_PARTICIPANT)
def coding_pdf_file(code: str):
    """The coding PDF; ``?pdfa=1`` gives the archival PDF/A-3u with record.json embedded."""
    participant = exportable_participant(code)
    pdfa = request.args.get("pdfa") == "1"
    try:
        pdf = coding_pdf(participant, pdfa=pdfa)
    except LookupError:  # erased while the worker read their record
        abort(404)
    log_event("export_pdf", participant, detail="PDF/A-3u" if pdfa else "PDF")
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        # Distinct names: both files may land in the same downloads folder.
        download_name=f"{participant.code}-coding{'-pdfa' if pdfa else ''}.pdf",
    )


@bp.get("/export/")
@permission_required(Permission.EXPORT_BULK)
def index():
    """The bulk export page: what goes in, the running export's progress, finished downloads."""
    jobs = recent_jobs()
    config = current_app.config
    form = StartExportForm(
        line_numbers=bool(config["PDF_LINE_NUMBERS"]), page_size=config["PAGE_SIZE"]
    )
    return render_template(
        "export/index.html",
        form=form,
        active=active_job(),
        jobs=jobs,
        downloadable=downloadable(jobs),
        included=len(exportable_participants()),
        excluded=excluded_count(),
    )


@bp.post("/export/jobs")
@permission_required(Permission.EXPORT_BULK)
def start():
    """Start building the export zip in the background (or show the one already running)."""
    form = StartExportForm()
    if not form.validate_on_submit():
        abort(400)
    options = ExportOptions(
        pdfa=bool(form.pdfa.data),
        line_numbers=bool(form.line_numbers.data),
        page_size=form.page_size.data or None,
    )
    try:
        _job, created = start_job(current_user, options)
    except RenderBusy:  # a form's POST: the busy page's reload would not send it again
        flash(_("Many PDFs are being made right now. Start the export again in a moment."), "error")
        return redirect(url_for("export.index"))
    if not created:
        flash(_("An export is already running; its progress is shown below."), "error")
    return redirect(url_for("export.index"))


@bp.get("/export/jobs/<id:job_id>")
@permission_required(Permission.EXPORT_BULK)
def job_status(job_id: int):
    """The job's progress as JSON, for the page's polling script."""
    job = get_job_or_404(job_id)
    download = url_for("export.download", job_id=job.id) if job_file(job) else None
    return {
        "id": job.id,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "pdfa": job.pdfa,
        "error": job.error,
        "download_url": download,
    }


@bp.get("/export/jobs/<id:job_id>/download")
@permission_required(Permission.EXPORT_BULK)
def download(job_id: int):
    """The finished export zip (audit-logged)."""
    job = get_job_or_404(job_id)
    path = download_job(job, current_user)
    if path is None:
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name)
