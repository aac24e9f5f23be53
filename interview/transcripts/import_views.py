"""The transcript import pages: upload a file, see the preview, choose speakers and offset, import."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interview.auth.decorators import permission_required
from interview.inputs import takes_files
from interview.models import Participant
from interview.participants.services import get_participant
from interview.permissions import Permission
from interview.transcripts.formats.base import FormatError
from interview.transcripts.formats.reader import read_transcript
from interview.transcripts.import_forms import PreviewForm, UploadForm, offset_ms
from interview.transcripts.imports import (
    ImportBlocked,
    Preview,
    chosen_roles,
    import_transcript,
    preview_transcript,
)
from interview.transcripts.stash import stash, unstash
from interview.transcripts.store import TranscriptError

bp = Blueprint("transcript_import", __name__)

PREFIX = "/participants/<code>/transcript/import"


@bp.route(PREFIX, methods=["GET", "POST"])
@takes_files("file")
@permission_required(Permission.TRANSCRIPT_EDIT)
def upload(code: str):
    """The upload form; a readable file goes on to its preview (nothing is saved yet)."""
    participant = get_participant(code)
    form = UploadForm()
    if form.validate_on_submit():
        try:
            read = read_transcript(
                form.file.data.filename or "", form.file.data.read(), form.format.data or None
            )
            preview = preview_transcript(participant, read, offset_ms=offset_ms(form.offset.data))
        except (FormatError, TranscriptError) as error:
            form.file.errors.append(str(error))
        else:
            token = stash(read, participant.code, current_user.id)
            return show_preview(participant, preview, PreviewForm(formdata=None, stash=token,
                                                                  offset=form.offset.data))  # fmt: skip
    status = 400 if form.errors else 200
    return render_template("transcripts/import.html", participant=participant, form=form), status


@bp.post(f"{PREFIX}/preview")
@permission_required(Permission.TRANSCRIPT_EDIT)
def preview(code: str):
    """Show the preview again with other choices, or import what it shows."""
    participant = get_participant(code)
    form = PreviewForm()
    if not form.validate_on_submit():
        flash(_("The preview was incomplete; upload the file again."), "error")
        return redirect(url_for(".upload", code=participant.code))
    try:
        read = unstash(form.stash.data, participant.code, current_user.id)
        speakers = chosen_roles(read, form.speakers.data)
        offset = offset_ms(form.offset.data)
        if form.confirm.data:
            import_transcript(
                participant, read, by=current_user, speakers=speakers, offset_ms=offset
            )
            flash(_("The transcript of %(code)s was imported.", code=participant.code), "success")
            return redirect(url_for("participants.detail", code=participant.code))
        shown = preview_transcript(participant, read, speakers=speakers, offset_ms=offset)
    except ImportBlocked as blocked:
        shown = preview_transcript(participant, read, speakers=speakers, offset_ms=offset)
        return show_preview(participant, shown, form, str(blocked), 409)
    except TranscriptError as error:
        flash(str(error), "error")
        return redirect(url_for(".upload", code=participant.code))
    return show_preview(participant, shown, form)


def show_preview(
    participant: Participant,
    shown: Preview,
    form: PreviewForm,
    problem: str = "",
    status: int = 200,
):
    """The preview page, its speaker selects set to the preview's roles."""
    while form.speakers.entries:
        form.speakers.pop_entry()
    for choice in shown.speakers:
        form.speakers.append_entry(choice.role)
    context = {"participant": participant, "preview": shown, "form": form, "problem": problem}
    return render_template("transcripts/import_preview.html", **context), status
