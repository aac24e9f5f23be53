"""The Results page's choices: the coding layer, the participant attributes, one category."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField

from interview.analysis.layers import RECONCILED, Codebook


class ResultsForm(FlaskForm):
    """What the Results page shows (a GET form: no CSRF needed)."""

    class Meta:
        csrf = False

    layer = SelectField(_l("Coding layer"), default=RECONCILED)
    attributes = SelectMultipleField(
        _l("Participant attributes beside each citation"),
        invalid_choice_message=_l("Choose only questionnaire items from the list."),
    )
    category = SelectField(_l("Citations of"), default="")

    def offer(self, layers: list[str], items: dict[str, str], codebook: Codebook) -> None:
        """Fill the choices from what exists now: layers, questionnaire items, categories."""
        self.layer.choices = [(name, name) for name in layers]
        self.attributes.choices = list(items.items())
        self.category.choices = [("", _l("every category"))] + [
            (code.id, f"{number} {code.name}")
            for number, code in enumerate(codebook.categories(), 1)
        ]

    def choices(self) -> dict[str, Any]:
        """The valid choices; an invalid one keeps its message and falls back to the default."""
        self.validate()
        return {
            "layer": RECONCILED if self.layer.errors else self.layer.data,
            "attributes": None if self.attributes.errors else (self.attributes.data or None),
            "category": None if self.category.errors else (self.category.data or None),
        }
