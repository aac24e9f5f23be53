"""The citations report: per category its definition and every citation, the Results are written from.

Each citation shows its id (``5:39``), the participant's code, the participant attributes asked
for (questionnaire items such as gender or age, as the record shows the answer) and its text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.analysis.layers import CodingLayer
from interview.analysis.table1 import analysed, numbered_rows, placements

DEFAULT_ATTRIBUTES = ("gender", "age")


class AnalysisError(ValueError):
    """A user-facing reason why a figure cannot be produced (unknown layer, category, item)."""


@dataclass(frozen=True)
class QuotedCitation:
    """One citation as the report shows it."""

    id: str
    participant: str
    subcategories: tuple[str, ...]
    attributes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class CategoryCitations:
    """One main category: number, name, definition and its citations in interview order."""

    id: str
    number: str
    name: str
    definition: str
    citations: tuple[QuotedCitation, ...]


@dataclass(frozen=True)
class CitationsReport:
    """The report of one layer: the attribute columns (item id, label) and the categories."""

    layer: str
    attributes: tuple[tuple[str, str], ...]
    categories: tuple[CategoryCitations, ...]


def item_labels(records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Questionnaire item id -> label, over every record, in first-seen order."""
    labels: dict[str, str] = {}
    for record in records:
        for item in (record.get("questionnaire") or {}).get("items") or []:
            labels.setdefault(item["id"], item.get("label") or item["id"])
    return labels


def attribute_columns(
    records: Sequence[Mapping[str, Any]], wanted: Sequence[str] | None
) -> tuple[tuple[str, str], ...]:
    """(item id, label) of each wanted item; None: gender and age where the questionnaire has them.

    An item asked for by name that no record has is refused with the names that exist.
    """
    labels = item_labels(records)
    if wanted is None:
        wanted = [item_id for item_id in DEFAULT_ATTRIBUTES if item_id in labels]
    unknown = [item_id for item_id in wanted if item_id not in labels]
    if unknown and records:
        raise AnalysisError(
            _(
                "No questionnaire item is called %(names)s. Items: %(known)s.",
                names=", ".join(unknown),
                known=", ".join(labels) or "—",
            )
        )
    return tuple((item_id, labels.get(item_id, item_id)) for item_id in wanted)


def attribute_values(record: Mapping[str, Any], item_ids: Sequence[str]) -> tuple[str, ...]:
    """The participant's answers to the items, as shown in the record ("" when not answered)."""
    items = {i["id"]: i for i in (record.get("questionnaire") or {}).get("items") or []}
    return tuple((items.get(item_id) or {}).get("display") or "" for item_id in item_ids)


def pick_category(layer: CodingLayer, category: str | None) -> str | None:
    """The category id asked for, by id or by its number in Table 1; None for every category."""
    if category is None:
        return None
    for code_id, number, _name, level, _parent in numbered_rows(layer.codebook):
        if level == 0 and category in (code_id, number):
            return code_id
    names = ", ".join(c.id for c in layer.codebook.categories()) or "—"
    raise AnalysisError(
        _(
            "There is no category %(category)s. Categories: %(names)s.",
            category=category,
            names=names,
        )
    )


def citations_report(
    layer: CodingLayer,
    records: Sequence[Mapping[str, Any]],
    *,
    attributes: Sequence[str] | None = None,
    category: str | None = None,
) -> CitationsReport:
    """Every citation of the analysed participants (``records``), grouped by main category."""
    columns = attribute_columns(records, attributes)
    item_ids = [item_id for item_id, _label in columns]
    by_number = {r["participant"]["number"]: r for r in records}
    facts = {
        n: (r["participant"]["code"], attribute_values(r, item_ids)) for n, r in by_number.items()
    }
    wanted = pick_category(layer, category)
    placed = placements(layer.codebook)
    names = {code.id: code.name for code in layer.codebook.codes}
    position = {code.id: index for index, code in enumerate(layer.codebook.codes)}
    grouped: dict[str, list[QuotedCitation]] = {}
    ordered = sorted(
        analysed(layer.citations, by_number), key=lambda c: (c.participant, c.sequence, c.id)
    )
    for citation in ordered:
        subs: dict[str, dict[str, None]] = {}
        for code_id in sorted(citation.codes & placed.keys(), key=position.__getitem__):
            main, *sub = placed[code_id]
            subs.setdefault(main, {}).update(dict.fromkeys(names[sub_id] for sub_id in sub))
        who, values = facts[citation.participant]
        for main, sub_names in subs.items():
            if wanted in (None, main):
                grouped.setdefault(main, []).append(
                    QuotedCitation(citation.id, who, tuple(sub_names), values, citation.text)
                )
    categories = tuple(
        CategoryCitations(
            id=code.id,
            number=str(index),
            name=code.name,
            definition=code.definition,
            citations=tuple(grouped.get(code.id, ())),
        )
        for index, code in enumerate(layer.codebook.categories(), 1)
        if wanted in (None, code.id)
    )
    return CitationsReport(layer.name, columns, categories)
