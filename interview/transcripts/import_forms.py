"""Forms of the transcript import: the upload, and the preview with speakers and the offset."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import FieldList, HiddenField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from interview.models import SPEAKER_INTERVIEWER, SPEAKER_PARTICIPANT
from interview.transcripts.formats.reader import FORMATS

FORMAT_NAMES = {
    "vtt": _l("WebVTT (.vtt): Whisper, noScribe"),
    "srt": _l("SubRip (.srt)"),
    "otr": _l("oTranscribe (.otr)"),
    "html": _l("noScribe HTML"),
    "otter": _l("Otter text"),
    "docx": _l("Word (.docx)"),
    "txt": _l("Plain text with [hh:mm:ss] and I:/P:"),
}
ROLE_CHOICES = [
    SelectChoice(SPEAKER_INTERVIEWER, _l("Interviewer")),
    SelectChoice(SPEAKER_PARTICIPANT, _l("Participant")),
]
# Seconds, optionally negative and with decimals: "40", "-2.5".
OFFSET = Regexp(
    r"^\s*-?\d{1,6}(?:[.,]\d{1,3})?\s*$",
    message=_l("Write the offset in seconds, e.g. 40 or -2.5."),
)


def offset_ms(text: str) -> int:
    """The offset field's seconds as milliseconds (the field's validator has checked the form)."""
    return round(float(text.strip().replace(",", ".")) * 1000)


class UploadForm(FlaskForm):
    """The transcript file and, if the name does not tell, its format."""

    file = FileField(_l("Transcript file"), validators=[FileRequired(_l("Choose a file."))])
    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("", _l("Recognise by name and content")),
            *(SelectChoice(name, FORMAT_NAMES[name]) for name in FORMATS),
        ],
        default="",
    )
    offset = StringField(
        _l("Offset in seconds"),
        default="0",
        validators=[DataRequired(_l("Write the offset in seconds (0 if none).")), OFFSET],
        description=_l("Added to every time in the file to put it on the interview's clock."),
    )


class PreviewForm(FlaskForm):
    """The preview's choices: each speaker label's role, the offset; show again or import."""

    stash = HiddenField(validators=[DataRequired(), Length(max=3_000_000)])
    speakers = FieldList(SelectField(choices=ROLE_CHOICES), max_entries=50)
    offset = StringField(
        _l("Offset in seconds"),
        validators=[DataRequired(_l("Write the offset in seconds (0 if none).")), OFFSET],
    )
    refresh = SubmitField(_l("Show again"))
    confirm = SubmitField(_l("Import"))
