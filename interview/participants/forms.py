"""Forms for creating and editing a participant (the code is assigned, never typed)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

PSEUDONYM = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"


class ParticipantForm(FlaskForm):
    """Therapist code, interviewer, session date and an optional note."""

    therapist_code = StringField(
        _l("Therapist code"),
        validators=[
            DataRequired(_l("Enter the therapist's code, e.g. T03.")),
            Regexp(
                PSEUDONYM,
                message=_l(
                    "Use a pseudonymous code such as T03: letters, digits, - or _, at most 32."
                ),
            ),
        ],
        description=_l("A code, never the therapist's name."),
        render_kw={"autocapitalize": "characters", "autocomplete": "off"},
    )
    interviewer_id = SelectField(_l("Interviewer"), coerce=int, validators=[InputRequired()])
    session_date = DateField(
        _l("Session date"),
        default=date.today,
        validators=[InputRequired(_l("Enter the session date."))],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=2000, message=_l("Keep the note under 2000 characters."))],
        description=_l("For the team only; never put names or identifying details here."),
    )


class DeleteForm(FlaskForm):
    """Deleting a participant needs the code typed again."""

    confirm = StringField(_l("Type the participant code to confirm"), validators=[DataRequired()])
