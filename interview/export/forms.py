"""The bulk-export form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class StartExportForm(FlaskForm):
    """Start a bulk export; PDF/A embeds each record.json in its PDF for archiving."""

    pdfa = BooleanField(
        _l("Archival PDF/A with the record embedded (slower)"),
        description=_l("Each PDF then carries its record.json as an attachment."),
    )
