"""The admin's bulk-export form: the same choices as `interview export all`."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField
from wtforms.validators import AnyOf, Optional

PAGE_SIZES = ("A4", "Letter")


class StartExportForm(FlaskForm):
    """Start a bulk export: PDF/A, line numbers and paper size, as on the command line."""

    pdfa = BooleanField(
        _l("Archival PDF/A with the record embedded (slower)"),
        description=_l("Each PDF then carries its record.json as an attachment."),
    )
    line_numbers = BooleanField(
        _l("Number every line of the coding PDFs (about twice the render time)"),
    )
    # Not sent: the installation's PAGE_SIZE setting.
    page_size = SelectField(
        _l("Paper size"),
        choices=[SelectChoice(size, size) for size in PAGE_SIZES],
        validate_choice=False,
        validators=[Optional(), AnyOf(PAGE_SIZES)],
    )
