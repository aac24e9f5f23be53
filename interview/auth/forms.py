"""Forms for logging in, creating accounts (the first admin here, others on the admin pages) and
changing passwords."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


def username_field(missing_message: str) -> StringField:
    """A username box: required, at most 64 characters, no auto-capitalisation on tablets."""
    return StringField(
        _l("Username"),
        validators=[
            DataRequired(missing_message),
            Length(max=64, message=_l("Usernames are at most 64 characters.")),
        ],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )


def new_password_field(label: str = _l("Password")) -> PasswordField:
    """A new password box (length is checked by the account service, which knows the minimum)."""
    return PasswordField(
        label,
        validators=[DataRequired(_l("Choose a password."))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    """Username and password."""

    username = username_field(_l("Enter your username."))
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


def confirm_field() -> PasswordField:
    """The new password typed a second time."""
    return PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class SetupForm(FlaskForm):
    """The first admin account."""

    username = username_field(_l("Choose a username."))
    password = new_password_field()
    confirm = confirm_field()


class NewPasswordForm(FlaskForm):
    """A new password, twice (an admin setting another account's password)."""

    password = new_password_field(_l("New password"))
    confirm = confirm_field()


class ChangePasswordForm(NewPasswordForm):
    """The user's own change: the current password, then the new one twice."""

    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class LanguageForm(FlaskForm):
    """The language of one's own pages (choices: the installation's languages)."""

    language = RadioField(
        _l("Language of your pages"),
        validators=[DataRequired(_l("Choose a language."))],
    )
