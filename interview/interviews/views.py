"""Interview pages: start, the section screen, autosave, section save, follow-ups, finish, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.auth.users import usernames
from interview.errors import wants_json
from interview.inputs import json_body
from interview.interviews.autosave import AutosaveError, interview_ref, save_answer
from interview.interviews.forms import (
    AdhocForm,
    ChangeForm,
    ConfirmForm,
    FinishForm,
    new_client_id,
    parse_autosave,
    section_form,
    section_values,
)
from interview.interviews.screen import (
    add_adhoc,
    answer_history,
    empty_questions,
    page_context,
    save_section,
)
from interview.interviews.services import (
    InterviewError,
    consent_allows_research,
    duration,
    finish_interview,
    format_offset,
    reopen_interview,
    require_interview,
    start_interview,
)
from interview.models import Interview, Participant
from interview.participants.services import find_participant, get_participant
from interview.permissions import Permission
from interview.register.erasures import is_erased

bp = Blueprint("interviews", __name__)

PREFIX = "/participants/<code>/interview"


@bp.app_context_processor
def panel_helpers() -> dict:
    """What the participant page's interview panel needs."""
    return {"interview_allowed": consent_allows_research, "interview_duration": duration}


@bp.errorhandler(InterviewError)
def interview_error(error: InterviewError):
    """A refused action: JSON 409 for the autosave and the page's replayed forms, else a message on
    the interview page."""
    if wants_json():
        return {"error": "refused", "message": str(error)}, 409
    flash(str(error), "error")
    code = (request.view_args or {}).get("code", "")
    participant = find_participant(code)
    if participant is None or participant.interview is None:
        return redirect(url_for("participants.detail", code=code))
    return redirect(url_for("interviews.screen", code=code))


@bp.errorhandler(AutosaveError)
def autosave_error(error: AutosaveError):
    """A refused save, as JSON the script can show."""
    return {"error": error.error, "message": error.message}, error.code


def load(code: str) -> tuple[Participant, Interview]:
    """The participant and their started interview."""
    participant = get_participant(code)
    return participant, require_interview(participant)


@bp.post(f"{PREFIX}/start")
@permission_required(Permission.INTERVIEW_CONDUCT)
def start(code: str):
    """Start the interview (the start time is recorded) once the consent is signed."""
    participant = get_participant(code)
    if ConfirmForm().validate_on_submit():
        start_interview(participant, current_user)
    return redirect(url_for("interviews.screen", code=participant.code))


@bp.get(PREFIX)
@permission_required(Permission.INTERVIEW_CONDUCT)
def screen(code: str):
    """The interview screen: the stepper and the current section's questions.

    Showing a page never changes the record: a question's "opened" time comes only from the
    interviewer's own action in it (autosave.js marks it on focus; without JavaScript, its first
    save stamps it), never from a page load, an admin's look at a finished interview included.
    """
    participant, interview = load(code)
    context = page_context(interview, request.args.get("section", ""))
    if context is None:
        abort(404)
    return render_page(participant, interview, context, None)


def render_page(participant: Participant, interview: Interview, context: dict, form, **extra):
    """Render the screen with the forms every section shows (the section form as stored if None)."""
    if form is None:
        ids = [view.id for view in context["questions"]]
        form = section_form(context["section"], ids, data=context["form_data"])
    adhoc_form = extra.pop("adhoc_form", None) or AdhocForm(
        section_id=context["section"].id, client_id=new_client_id()
    )
    adhoc_form.after.choices = context["after_choices"]
    if adhoc_form.after.data is None:
        adhoc_form.after.data = context["after_choices"][-1].value
    if context["section"].hosts_changes:
        blank = ChangeForm(formdata=None, client_id=new_client_id())
        extra.setdefault("change_form", blank.use_protocol(context["protocol"]))
    return render_template(
        "interviews/screen.html",
        participant=participant,
        interview=interview,
        form=form,
        adhoc_form=adhoc_form,
        confirm_form=ConfirmForm(),
        offset=format_offset,
        **context,
        **extra,
    )


@bp.post(f"{PREFIX}/autosave")
@permission_required(Permission.INTERVIEW_CONDUCT)
def autosave(code: str):
    """Save one answer (or an "opened" mark) from the page's script; one transaction per call."""
    ref = interview_ref(code)
    if ref is None and is_erased(code):
        return {
            "error": "erased",
            "message": _(
                "This participant withdrew or was deleted: nothing is saved, and this tablet's "
                "copies are wiped."
            ),
        }, 410
    if ref is None:
        return {
            "error": "not_started",
            "message": _("The interview has not been started yet."),
        }, 409
    if ref.status != "in_progress":
        return {
            "error": "finished",
            "message": _("The interview is finished. Reopen it to make amendments."),
        }, 409
    data = parse_autosave(json_body())
    result = save_answer(
        ref.id,
        data.question_id,
        data.text,
        data.skipped,
        note=data.note,
        base_version=data.base_version,
        opened=data.opened,
        user_id=current_user.id,
    )
    return jsonify(
        ok=True,
        version=result.version,
        conflict=result.conflict,
        saved_at=result.saved_at.isoformat() if result.saved_at else None,
        opened=format_offset(ref.started_at, result.opened_at),
        edited=format_offset(ref.started_at, result.saved_at),
    )


@bp.post(f"{PREFIX}/sections/<section_id>")
@permission_required(Permission.INTERVIEW_CONDUCT)
def save_section_form(code: str, section_id: str):
    """Save a whole section without JavaScript, in one transaction."""
    participant, interview = load(code)
    context = page_context(interview, section_id, strict=True)
    if context is None:
        abort(400, _("There is no such section in this interview."))
    ids = [view.id for view in context["questions"]]
    form = section_form(context["section"], ids)
    if not form.validate_on_submit():
        return render_page(participant, interview, context, form), 400
    conflicts = save_section(
        interview, context["questions"], section_values(form, ids), current_user
    )
    if conflicts:
        flash(
            _(
                "Some answers were changed on another device meanwhile; the earlier text is in their history."
            ),
            "error",
        )
    else:
        flash(_("Section saved."), "success")
    return redirect(url_for("interviews.screen", code=participant.code, section=section_id))


@bp.post(f"{PREFIX}/adhoc")
@permission_required(Permission.INTERVIEW_CONDUCT)
def adhoc(code: str):
    """Add the interviewer's own follow-up question (and its answer) anywhere in a section."""
    participant, interview = load(code)
    context = page_context(interview, request.form.get("section_id", ""), strict=True)
    if context is None:
        abort(400, _("There is no such section in this interview."))
    form = AdhocForm()
    form.after.choices = context["after_choices"]
    if not form.validate_on_submit():
        return render_page(participant, interview, context, None, adhoc_form=form), 400
    answer = add_adhoc(
        interview,
        context["section"],
        form.after.data,
        form.wording.data,
        form.answer.data or "",
        current_user,
        client_id=form.client_id.data or None,
    )
    url = url_for("interviews.screen", code=participant.code, section=answer.section_id)
    return redirect(f"{url}#q-{answer.question_id}")


@bp.post(f"{PREFIX}/finish")
@permission_required(Permission.INTERVIEW_CONDUCT)
def finish(code: str):
    """Finish (end time and duration are recorded), once any empty questions were confirmed."""
    participant, interview = load(code)
    form = FinishForm()
    if not form.validate_on_submit():
        return redirect(url_for("interviews.screen", code=participant.code))
    empty = empty_questions(interview)
    ids = [view.id for _section, views in empty for view in views]
    if not set(ids) <= form.confirmed_empty():
        # Listed once, with the ids as they are now: one answered meanwhile drops off the list.
        form.confirm_empty.data = " ".join(ids)
        return render_template(
            "interviews/finish.html",
            participant=participant,
            empty=empty,
            count=len(ids),
            form=form,
        )
    finish_interview(interview, current_user)
    flash(_("Interview finished."), "success")
    return redirect(url_for("participants.detail", code=participant.code))


@bp.post(f"{PREFIX}/reopen")
@permission_required(Permission.INTERVIEW_CONDUCT)
def reopen(code: str):
    """Reopen a finished interview to amend it."""
    participant, interview = load(code)
    if ConfirmForm().validate_on_submit():
        reopen_interview(interview, current_user)
        flash(_("Interview reopened: amendments are recorded in its history."), "success")
    return redirect(url_for("interviews.screen", code=participant.code))


@bp.get(f"{PREFIX}/history/<question_id>")
@permission_required(Permission.INTERVIEW_CONDUCT)
def history(code: str, question_id: str):
    """Every earlier text of one answer, newest first."""
    participant, interview = load(code)
    try:
        answer, revisions = answer_history(interview, question_id)
    except LookupError:
        abort(404)
    return render_template(
        "interviews/history.html",
        participant=participant,
        interview=interview,
        answer=answer,
        revisions=revisions,
        offset=format_offset,
        names=usernames(
            {answer.updated_by_id}
            | {r.saved_by_id for r in revisions}
            | {r.replaced_by_id for r in revisions}
        ),
    )
