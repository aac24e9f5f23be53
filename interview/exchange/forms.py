"""The exchange page's forms: which layer to export, and a project to import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from interview.analysis.layers import layer_names


class LayerForm(FlaskForm):
    """Which coding layer goes into the downloaded project (a GET form: no token)."""

    class Meta:
        csrf = False

    layer = SelectField(_l("Codings of"), validate_choice=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.layer.choices = [("none", _l("no codings")), *((n, n) for n in layer_names())]


class ImportForm(FlaskForm):
    """A .qdpx project whose codings become the uploading analyst's layer (or a .qdc codebook)."""

    file = FileField(
        _l("REFI-QDA project (.qdpx) or codebook (.qdc)"),
        validators=[FileRequired(_l("Choose a file."))],
    )
    dry_run = BooleanField(_l("Only show what would be imported"), default=True)
