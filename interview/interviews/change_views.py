"""Amendment pages: the list of changes (add, edit, move, delete) and the interviewer's own
follow-up questions (correct the wording, delete), each delete behind a confirmation page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from interview.auth.decorators import permission_required
from interview.interviews.changes import (
    add_change,
    change_at,
    delete_change,
    edit_change,
    move_change,
    same_change,
)
from interview.interviews.forms import AdhocWordingForm, ChangeForm, ConfirmForm, MoveForm
from interview.interviews.screen import adhoc_answer, delete_adhoc, edit_adhoc, page_context
from interview.interviews.services import InterviewError, protocol_for
from interview.interviews.views import PREFIX, interview_error, load, render_page
from interview.models import Answer, Change, Interview, Participant
from interview.permissions import Permission

# Changes and ad-hoc questions: pages of their own beside the interview screen.
bp = Blueprint("changes", __name__)
bp.register_error_handler(InterviewError, interview_error)

CHANGES = f"{PREFIX}/changes"
ADHOC = f"{PREFIX}/adhoc/<question_id>"


def done(message: str, url: str):
    """After an amendment: say so and go back to where it shows."""
    flash(message, "success")
    return redirect(url)


def edit_page(template: str, form: FlaskForm, **context):
    """An edit form page; 400 when a posted form was refused (errors shown by the fields)."""
    return render_template(template, form=form, **context), (400 if form.errors else 200)


def delete_page(form: ConfirmForm, heading: str, quotes: list[str], note: str, **context):
    """The confirmation page before a delete: what goes, and what stays in the history."""
    return render_template(
        "interviews/delete.html", form=form, heading=heading, quotes=quotes, note=note, **context
    )


def changes_url(participant: Participant, interview: Interview, shown_in: str = "") -> str:
    """The list of changes in the section it was shown in (the one hosting it by default)."""
    section = protocol_for(interview).section(shown_in) if shown_in else None
    if section is None or not (section.hosts_changes or section.rates_changes):
        section_id = changes_section_id(interview)
    else:
        section_id = section.id
    return url_for("interviews.screen", code=participant.code, section=section_id) + "#changes"


def load_change(code: str, number: int) -> tuple[Participant, Interview, Change]:
    """The participant, interview and the change shown with this number (404 when none)."""
    participant, interview = load(code)
    try:
        return participant, interview, change_at(interview, number)
    except LookupError:
        abort(404)


@bp.post(CHANGES)
@permission_required(Permission.INTERVIEW_CONDUCT)
def add_change_view(code: str):
    """Add a change to the end of the list."""
    participant, interview = load(code)
    protocol = protocol_for(interview)
    form = ChangeForm().use_protocol(protocol)
    if not form.validate_on_submit():
        context = page_context(interview, changes_section_id(interview), strict=True)
        return render_page(participant, interview, context, None, change_form=form), 400
    add_change(interview, form.change_data(), protocol, current_user)
    flash(_("Change added."), "success")
    return redirect(changes_url(participant, interview))


def changes_section_id(interview: Interview) -> str:
    """The id of the section that hosts the list of changes."""
    protocol = protocol_for(interview)
    return next((s.id for s in protocol.sections if s.hosts_changes), protocol.sections[0].id)


@bp.route(f"{CHANGES}/<id:number>/edit", methods=["GET", "POST"])
@permission_required(Permission.INTERVIEW_CONDUCT)
def edit_change_view(code: str, number: int):
    """Edit a change's words, kind or ratings; then back to the section it was opened from."""
    participant, interview, change = load_change(code, number)
    protocol = protocol_for(interview)
    form = ChangeForm(obj=change).use_protocol(protocol)
    # "2. Changes" lists them to edit, "3. Change ratings" to rate: return where the tap was.
    back = changes_url(participant, interview, request.args.get("section", ""))
    if form.validate_on_submit():
        change = same_change(interview, change, form.client_id.data)
        edit_change(interview, change, form.change_data(), protocol, current_user)
        return done(_("Change saved."), back)
    return edit_page(
        "interviews/change_edit.html",
        form,
        participant=participant,
        interview=interview,
        number=number,
        protocol=protocol,
        back=back,
    )


@bp.route(f"{CHANGES}/<id:number>/delete", methods=["GET", "POST"])
@permission_required(Permission.INTERVIEW_CONDUCT)
def delete_change_view(code: str, number: int):
    """Ask, then delete a change (what it said stays in the history)."""
    participant, interview, change = load_change(code, number)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_change(interview, change, current_user)
        return done(_("Change deleted."), changes_url(participant, interview))
    return delete_page(
        form,
        _("Delete change %(n)s?", n=number),
        [change.description],
        _("The change leaves the list; what it said stays in the interview history."),
        button=_("Delete change"),
        back=changes_url(participant, interview),
    )


@bp.post(f"{CHANGES}/<id:number>/move")
@permission_required(Permission.INTERVIEW_CONDUCT)
def move_change_view(code: str, number: int):
    """Move a change one place up or down."""
    participant, interview, change = load_change(code, number)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    move_change(interview, change, -1 if form.direction.data == "up" else 1, current_user)
    return redirect(changes_url(participant, interview))


def load_adhoc(code: str, question_id: str) -> tuple[Participant, Interview, Answer]:
    """The participant, interview and one of the interviewer's own questions (404 for any other)."""
    participant, interview = load(code)
    try:
        return participant, interview, adhoc_answer(interview, question_id)
    except LookupError:
        abort(404)


def adhoc_url(participant: Participant, answer: Answer, anchor: bool = True) -> str:
    """The section showing the question, scrolled to it (to the top once it is deleted)."""
    url = url_for("interviews.screen", code=participant.code, section=answer.section_id)
    return f"{url}#q-{answer.question_id}" if anchor else url


@bp.route(f"{ADHOC}/edit", methods=["GET", "POST"])
@permission_required(Permission.INTERVIEW_CONDUCT)
def edit_adhoc_view(code: str, question_id: str):
    """Correct the wording of the interviewer's own follow-up question."""
    participant, interview, answer = load_adhoc(code, question_id)
    form = AdhocWordingForm(data={"wording": answer.adhoc_text})
    if form.validate_on_submit():
        edit_adhoc(interview, answer, form.wording.data or "", current_user)
        return done(_("Question saved."), adhoc_url(participant, answer))
    back = adhoc_url(participant, answer)
    return edit_page("interviews/adhoc_edit.html", form, participant=participant, back=back)


@bp.route(f"{ADHOC}/delete", methods=["GET", "POST"])
@permission_required(Permission.INTERVIEW_CONDUCT)
def delete_adhoc_view(code: str, question_id: str):
    """Ask, then delete a follow-up question added by mistake (its words stay in the history)."""
    participant, interview, answer = load_adhoc(code, question_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        delete_adhoc(interview, answer, current_user)
        return done(_("Question deleted."), adhoc_url(participant, answer, anchor=False))
    return delete_page(
        form,
        _("Delete your follow-up question?"),
        [answer.adhoc_text or "", answer.text],
        _("The question and its answer leave the record; both stay in the interview history."),
        button=_("Delete question"),
        back=adhoc_url(participant, answer),
    )
