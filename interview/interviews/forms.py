"""Forms of the interview screen, and the parser of the autosave JSON."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp, ValidationError

from interview.inputs import MAX_INT, parse_int
from interview.instruments.model import InterviewProtocol, Section
from interview.interviews.autosave import (
    MAX_ANSWER_LENGTH,
    MAX_NOTE_LENGTH,
    AutosaveError,
    note_too_long_message,
    too_long_message,
)
from interview.interviews.changes import SCALES, ChangeData

MAX_DESCRIPTION = 2000
ANSWER_LENGTH = Length(
    max=MAX_ANSWER_LENGTH, message=_l("An answer can be at most 100,000 characters long.")
)
NOTE_LENGTH = Length(
    max=MAX_NOTE_LENGTH, message=_l("A note can be at most 2,000 characters long.")
)


def new_client_id() -> str:
    """A fresh id for a change or follow-up question the page is about to add."""
    return uuid.uuid4().hex


def client_id_field() -> HiddenField:
    """The page's id of what a form adds, so that a form sent twice (a replay) adds it once."""
    return HiddenField(validators=[Optional(), Regexp(r"^[0-9A-Za-z-]{8,36}$")])


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token (start, finish, reopen, delete)."""


class FinishForm(FlaskForm):
    """Finish; the ids of the empty questions the interviewer saw listed and finished anyway."""

    confirm_empty = HiddenField()

    def confirmed_empty(self) -> set[str]:
        """The question ids confirmed as left empty."""
        return set((self.confirm_empty.data or "").split())


class RatingField(RadioField):
    """A 1–5 rating as large radio buttons; anything else is refused with one clear message."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        choices = [SelectChoice(point, str(point)) for point in range(1, 6)]
        super().__init__(label, choices=choices, coerce=int, validators=[Optional()], **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and valuelist[0] != "":
            number = parse_int(valuelist[0])
            self.data = -1 if number is None else number

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and self.data not in range(1, 6):
            raise ValidationError(_("Choose a rating from 1 to 5."))


class ChangeForm(FlaskForm):
    """One change: the participant's words, its kind, and (for improvements) three ratings."""

    description = TextAreaField(
        _l("The change, in the participant's words"),
        validators=[
            DataRequired(_l("Describe the change.")),
            Length(max=MAX_DESCRIPTION, message=_l("Keep the description under 2000 characters.")),
        ],
    )
    kind = RadioField(_l("Kind of change"), validators=[DataRequired(_l("Choose a kind."))])
    expectedness = RatingField()
    likelihood = RatingField()
    importance = RatingField()
    client_id = client_id_field()

    def use_protocol(self, protocol: InterviewProtocol) -> ChangeForm:
        """Kinds, scale labels and anchors come from the instrument the interview runs under."""
        self.kind.choices = [SelectChoice(kind.id, kind.label) for kind in protocol.change_kinds]
        for scale in protocol.rating_scales:
            field = self[scale.id]
            field.label.text = scale.label
            field.description = scale.question
            field.choices = [
                SelectChoice(point, f"{point} {scale.anchor(point)}") for point in range(1, 6)
            ]
        return self

    def change_data(self) -> ChangeData:
        """The validated values as plain data for the service."""
        ratings = {scale: self[scale].data for scale in SCALES}
        client_id = self.client_id.data or None
        return ChangeData(self.description.data or "", self.kind.data or "", ratings, client_id)


class MoveForm(FlaskForm):
    """Up or down one place."""

    direction = StringField(validators=[AnyOf(["up", "down"])])


class AdhocWordingForm(FlaskForm):
    """The wording of the interviewer's own follow-up question (alone: the edit page)."""

    wording = TextAreaField(
        _l("Your question"),
        validators=[
            DataRequired(_l("Write the question you asked.")),
            Length(max=MAX_DESCRIPTION, message=_l("Keep the question under 2000 characters.")),
        ],
    )


class AdhocForm(AdhocWordingForm):
    """The interviewer's own follow-up question, where it goes, and the answer."""

    after = SelectField(_l("Put it after"), choices=[], validate_choice=True)
    answer = TextAreaField(_l("Answer or notes"), validators=[ANSWER_LENGTH])
    section_id = HiddenField()
    client_id = client_id_field()


def version_number(_form: FlaskForm, field: HiddenField) -> None:
    """The version the page loaded: empty or a whole number, never anything else."""
    if field.data and parse_int(field.data) is None:
        raise ValidationError(_("The page sent a broken version number. Nothing was saved."))


def section_form(section: Section, question_ids: list[str], data: dict | None = None) -> FlaskForm:
    """The no-JavaScript form of one section: a text area, a skip box and the loaded version each."""
    fields: dict[str, Any] = {}
    for question_id in question_ids:
        fields[f"answer-{question_id}"] = TextAreaField(validators=[ANSWER_LENGTH])
        fields[f"skip-{question_id}"] = BooleanField(_l("Skip this question"))
        fields[f"version-{question_id}"] = HiddenField(validators=[version_number])
        fields[f"note-{question_id}"] = TextAreaField(
            _l("Interviewer's note"), validators=[NOTE_LENGTH]
        )
    form_class = type(f"SectionForm_{section.id}", (FlaskForm,), fields)
    # Stored values are shown as they are, whatever else this request posted.
    return form_class(formdata=None, data=data) if data is not None else form_class()


@dataclass(frozen=True)
class SectionValue:
    """One question of a posted section: answer and note (None when not posted), skip, version."""

    text: str | None
    skipped: bool
    base_version: int | None
    note: str | None


def posted(field: Any) -> str | None:
    """The field's text if the request sent it at all, else None."""
    return (field.data or "") if field.raw_data else None


def section_values(form: FlaskForm, question_ids: list[str]) -> dict[str, SectionValue]:
    """What a validated section form says per question.

    A text area that was not posted at all keeps what is stored: a browser always sends every
    text area, and a request that does not must not blank answers or notes.
    """
    values = {}
    for question_id in question_ids:
        text = posted(form[f"answer-{question_id}"])
        note = posted(form[f"note-{question_id}"])
        if text is None and note is None:
            continue
        values[question_id] = SectionValue(
            text,
            bool(form[f"skip-{question_id}"].data),
            parse_int(form[f"version-{question_id}"].data or ""),
            note,
        )
    return values


@dataclass(frozen=True)
class AutosaveRequest:
    """One autosave: the answer's text and/or the interviewer's note (None: not sent), the skip
    flag, the version the page loaded, and whether the question was just opened."""

    question_id: str
    text: str | None
    skipped: bool
    base_version: int | None
    opened: bool
    note: str | None = None


def parse_autosave(payload: Any) -> AutosaveRequest:
    """Check the JSON body's types and limits (WTForms' string coercion does not fit JSON booleans)."""
    if not isinstance(payload, dict):
        raise AutosaveError("invalid", _("Send a JSON object."))
    question_id = payload.get("question_id")
    if not isinstance(question_id, str) or not 0 < len(question_id) <= 64:
        raise AutosaveError("invalid", _("Say which question the text belongs to."))
    text, skipped = payload.get("text"), payload.get("skipped", False)
    base_version, opened = payload.get("base_version"), payload.get("opened", False)
    if text is not None and not isinstance(text, str):
        raise AutosaveError("invalid", _("The answer must be text."))
    if text is not None and len(text) > MAX_ANSWER_LENGTH:
        raise AutosaveError("too_long", too_long_message())
    note = payload.get("note")
    if note is not None and not isinstance(note, str):
        raise AutosaveError("invalid", _("The note must be text."))
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise AutosaveError("too_long", note_too_long_message())
    if not isinstance(skipped, bool) or not isinstance(opened, bool):
        raise AutosaveError("invalid", _("Skipped and opened must be true or false."))
    if base_version is not None and (
        type(base_version) is not int or not 0 <= base_version <= MAX_INT
    ):
        raise AutosaveError("invalid", _("The version must be a whole number."))
    if text is None and note is None and not opened:
        raise AutosaveError("invalid", _("Nothing to save."))
    return AutosaveRequest(question_id, text, skipped, base_version, opened, note)
