"""Admin forms: new account, audit-log filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional

from interview.auth.forms import new_password_field, username_field


class NewUserForm(FlaskForm):
    """A new interviewer or admin account."""

    username = username_field(_l("Choose a username."))
    password = new_password_field()
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
