"""Admin forms: new account, audit-log filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional


class NewUserForm(FlaskForm):
    """A new interviewer or admin account."""

    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Choose a username.")),
            Length(max=64, message=_l("Usernames are at most 64 characters.")),
        ],
        render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )
    admin = BooleanField(_l("Admin (manages users, exports and deletions)"))


class AuditFilterForm(FlaskForm):
    """Filters for the audit log (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), Length(max=40)])
    participant = StringField(_l("Participant code"), validators=[Optional(), Length(max=32)])
    user = StringField(_l("User"), validators=[Optional(), Length(max=64)])


class ToggleUserForm(FlaskForm):
    """Disable or enable an account (a POST with CSRF token)."""
