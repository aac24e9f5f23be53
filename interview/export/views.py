"""Export pages: record.json and the coding PDF per participant, and the admin's bulk export."""

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

from interview.audit import record_event
from interview.auth.decorators import admin_required
from interview.errors import wants_json
from interview.export.bulk.jobs import DONE, active_job, job_file, recent_jobs, start_job
from interview.export.forms import StartExportForm
from interview.export.renders import RenderBusy
from interview.export.services import coding_pdf, excluded_count, exportable_participants
from interview.extensions import db
from interview.models import ExportJob
from interview.participants.services import get_participant
from interview.record.build import build_record

bp = Blueprint("export", __name__)


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
def record_json(code: str):
    """The participant's record as JSON (docs/record-format.md)."""
    participant = get_participant(code)
    record = build_record(participant)
    record_event("export_record_json", participant)
    db.session.commit()
    body = json.dumps(record, ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{participant.code}.json"'
    return response


@bp.get("/participants/<code>/coding.pdf")
def coding_pdf_file(code: str):
    """The coding PDF; ``?pdfa=1`` gives the archival PDF/A-3u with record.json embedded."""
    participant = get_participant(code)
    pdfa = request.args.get("pdfa") == "1"
    pdf = coding_pdf(participant, pdfa=pdfa)
    record_event("export_pdf", participant, detail="PDF/A-3u" if pdfa else "PDF")
    db.session.commit()
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{participant.code}.pdf",
    )


@bp.get("/export/")
@admin_required
def index():
    """The bulk export page: what goes in, the running export's progress, finished downloads."""
    return render_template(
        "export/index.html",
        form=StartExportForm(),
        active=active_job(),
        jobs=recent_jobs(),
        included=len(exportable_participants()),
        excluded=excluded_count(),
    )


@bp.post("/export/jobs")
@admin_required
def start():
    """Start building the export zip in the background (or show the one already running)."""
    form = StartExportForm()
    if not form.validate_on_submit():
        abort(400)
    _job, created = start_job(current_user, pdfa=bool(form.pdfa.data))
    if not created:
        flash(_("An export is already running; its progress is shown below."), "error")
    return redirect(url_for("export.index"))


@bp.get("/export/jobs/<int:job_id>")
@admin_required
def job_status(job_id: int):
    """The job's progress as JSON, for the page's polling script."""
    job = db.get_or_404(ExportJob, job_id)
    download = url_for("export.download", job_id=job.id) if job.status == DONE else None
    return {
        "id": job.id,
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "pdfa": job.pdfa,
        "error": job.error,
        "download_url": download,
    }


@bp.get("/export/jobs/<int:job_id>/download")
@admin_required
def download(job_id: int):
    """The finished export zip (audit-logged)."""
    job = db.get_or_404(ExportJob, job_id)
    path = job_file(job)
    if path is None:
        abort(404)
    record_event("export_all", detail=f"downloaded export job {job.id}")
    db.session.commit()
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name)
