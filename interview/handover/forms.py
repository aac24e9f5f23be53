"""Hand-over forms: what the participant will do, and the interviewer's password to take it back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, InputRequired, Length


class HandoverForm(FlaskForm):
    """The tasks to hand over for (choices depend on the participant's progress)."""

    tasks = RadioField(
        _l("What will the participant do?"),
        validators=[InputRequired(_l("Choose what the participant will do."))],
    )
    # Not sent (one language only, or an older page): the form's default, given by the view.
    language = RadioField(_l("The participant's language"))


class UnlockForm(FlaskForm):
    """The password of the interviewer who handed the tablet over."""

    password = PasswordField(
        _l("Interviewer's password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
