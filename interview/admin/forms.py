"""Admin forms: new account, audit-log filter."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from interview.auth.forms import new_password_field, username_field
from interview.permissions import ROLE_INTERVIEWER, ROLE_LABELS, ROLES


class NewUserForm(FlaskForm):
    """A new account with one of the roles."""

    username = username_field(_l("Choose a username."))
    password = new_password_field()
    role = SelectField(
        _l("Role"),
        # The labels are lazy strings, translated when the page is shown.
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        default=ROLE_INTERVIEWER,
        description=_l(
            "Interviewers run sessions; analysts see the research data without names or consent"
            " records; admins can do everything, including accounts and deletions."
        ),
    )


class AuditFilterForm(FlaskForm):
    """Filters for the audit log (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), Length(max=40)])
    participant = StringField(_l("Participant code"), validators=[Optional(), Length(max=32)])
    user = StringField(_l("User"), validators=[Optional(), Length(max=64)])


class ToggleUserForm(FlaskForm):
    """Disable or enable an account (a POST with CSRF token)."""
