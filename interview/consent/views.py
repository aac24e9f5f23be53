"""Consent pages: sign or decline, countersign, the signed PDF, and withdrawal."""

from __future__ import annotations

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
from interview.consent.forms import CountersignForm, WithdrawForm, consent_form
from interview.consent.pdf import render_consent_pdf
from interview.consent.services import (
    can_sign,
    consent_allows_research,
    consent_summary,
    countersign,
    current_consent_instrument,
    decline,
    may_read_consent,
    pdf_data,
    render_markdown,
    sign,
)
from interview.consent.withdrawal import withdraw_participant
from interview.instruments.snapshots import instrument_for
from interview.models import CONSENT_PENDING, CONSENT_WITHDRAWN, Participant
from interview.participant_mode.access import (
    complete_task,
    enter_participant_mode,
    in_participant_mode,
    participant_facing,
    resume_waiting,
    take_resume,
)
from interview.participants.services import get_participant
from interview.permissions import Permission

bp = Blueprint("consent", __name__)

bp.add_app_template_global(consent_summary, "consent_summary")


@bp.route("/participants/<code>/consent", methods=["GET", "POST"], endpoint="sign")
@participant_facing
@permission_required(Permission.CONSENT_TAKE)
def sign_page(code: str):
    """The participant reads the consent form, ticks clauses, writes their name and signs (or declines)."""
    participant = get_participant(code)
    if not can_sign(participant):
        return closed(participant)
    instrument = current_consent_instrument()
    form = consent_form(instrument)
    if form.is_submitted() and form.action.data == "decline":
        decline(participant)
        return after_participant(participant, "participants.detail")
    if form.validate_on_submit():
        sign(
            participant,
            form.clause_answers(),
            form.participant_name.data,
            form.participant_signature.signature,
            request.headers.get("User-Agent", ""),
            current_user,
        )
        return after_participant(participant, "consent.countersign")
    return render_template(
        "consent/sign.html",
        participant=participant,
        instrument=instrument,
        intro_html=render_markdown(instrument.intro),
        form=form,
    )


def after_participant(participant: Participant, interviewer_endpoint: str):
    """Where the participant goes next: the hand-over's next task, or the interviewer's next page."""
    if in_participant_mode():
        complete_task("consent")
        return redirect(url_for("handover.next_task", code=participant.code))
    return redirect(url_for(interviewer_endpoint, code=participant.code))


def closed(participant: Participant):
    """The consent cannot be changed now: say why (409 for a refused change)."""
    status = 409 if request.method == "POST" else 200
    return render_template("consent/closed.html", participant=participant), status


@bp.route(
    "/participants/<code>/consent/countersign", methods=["GET", "POST"], endpoint="countersign"
)
@permission_required(Permission.CONSENT_TAKE)
def countersign_page(code: str):
    """The interviewer checks the participant's answers and countersigns; the record is then frozen."""
    participant = get_participant(code)
    consent = participant.consent
    if consent is None or consent.status != CONSENT_PENDING:
        return closed(participant)
    instrument = instrument_for(consent.instrument_sha256, consent.language)
    form = CountersignForm()
    form.use_labels(instrument)
    if form.validate_on_submit():
        countersign(
            participant,
            form.interviewer_name.data,
            form.interviewer_signature.signature,
            current_user,
        )
        return redirect(after_countersign(participant))
    return render_template(
        "consent/countersign.html",
        participant=participant,
        consent=consent,
        form=form,
        resume=resume_waiting(participant.code),
    )


def after_countersign(participant: Participant) -> str:
    """Hand the tablet back for the remaining tasks, or return to the participant's page."""
    resume = take_resume(participant.code)
    if resume and consent_allows_research(participant):
        enter_participant_mode(participant, resume["tasks"], current_user, resume.get("language"))
        return url_for("handover.next_task", code=participant.code)
    flash(_("The consent is signed by both of you and can no longer be changed."), "success")
    return url_for("participants.detail", code=participant.code)


@bp.get("/participants/<code>/consent.pdf")
@permission_required(Permission.CONSENT_VIEW)
def pdf(code: str):
    """The signed consent as a PDF (holds the participant's name): see `may_read_consent`."""
    participant = get_participant(code)
    consent = participant.consent
    if consent is None or not consent.sha256:
        abort(404)
    if not may_read_consent(consent, current_user):
        abort(403)
    body = render_consent_pdf(pdf_data(consent), instance_path=current_app.instance_path)
    log_event("export_consent_pdf", participant)
    return send_file(
        BytesIO(body), mimetype="application/pdf", download_name=f"{participant.code}-consent.pdf"
    )


@bp.post("/participants/<code>/consent/withdraw")
@permission_required(Permission.CONSENT_WITHDRAW)
def withdraw(code: str):
    """Withdraw the participant: all research data deleted (typed confirmation)."""
    participant = get_participant(code)
    form = WithdrawForm()
    if not form.validate_on_submit() or form.confirm.data.strip().upper() != participant.code:
        flash(_("Type the participant code exactly to confirm the withdrawal."), "error")
    elif participant.consent is not None and participant.consent.status == CONSENT_WITHDRAWN:
        flash(_("%(code)s has already withdrawn.", code=participant.code), "info")
    else:
        withdraw_participant(participant, current_user)
        flash(
            _("%(code)s withdrew: all their research data are deleted.", code=participant.code),
            "success",
        )
        return redirect(url_for("participants.erased", code=participant.code))
    return redirect(url_for("participants.detail", code=participant.code))
