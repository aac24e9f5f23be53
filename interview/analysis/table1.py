"""Table 1: coded citations (CC) and coded transcripts (CT) per category, as ANALYSIS.md defines.

CC of a category: the citations coded with it or with any code under it, each citation once however
many of the category's codes it carries. CT: the participants with at least one such citation.
Subcategories (the codes directly under a main category) get their own CC and CT the same way; a
deeper code counts for its subcategory and its category. Only the participants analysed count:
citations of anyone else (declined, withdrawn, unknown) are left out of every figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from interview.analysis.layers import Citation, Codebook, CodingLayer, merged_citations


@dataclass(frozen=True)
class Row:
    """One row of Table 1: a main category (level 0) or one of its subcategories (level 1)."""

    code_id: str
    number: str
    name: str
    level: int
    category_id: str
    cc: int
    ct: int


@dataclass(frozen=True)
class Table1:
    """Table 1 of one layer, with the category × participant matrix CT is counted from."""

    layer: str
    rows: tuple[Row, ...]
    total: int
    coded_participants: int
    participants: tuple[str, ...]
    matrix: Mapping[str, tuple[int, ...]]

    @property
    def categories(self) -> tuple[Row, ...]:
        """The main categories' rows."""
        return tuple(row for row in self.rows if row.level == 0)

    def row(self, code_id: str) -> Row | None:
        """The row of one category or subcategory, or None."""
        return next((row for row in self.rows if row.code_id == code_id), None)


def placements(codebook: Codebook) -> dict[str, tuple[str, str | None]]:
    """Each code's main category and subcategory (None for the category's own code)."""
    placed = {}
    for code in codebook.codes:
        chain = codebook.lineage(code.id)
        if chain:
            placed[code.id] = (chain[0], chain[1] if len(chain) > 1 else None)
    return placed


def numbered_rows(codebook: Codebook) -> list[tuple[str, str, str, int, str]]:
    """(code id, number, name, level, category id) in table order: 1, 1.1, 1.2, 2, …"""
    rows = []
    for index, category in enumerate(codebook.categories(), 1):
        rows.append((category.id, str(index), category.name, 0, category.id))
        for sub_index, sub in enumerate(codebook.children(category.id), 1):
            rows.append((sub.id, f"{index}.{sub_index}", sub.name, 1, category.id))
    return rows


def build_table1(layer: CodingLayer, participants: Mapping[int, str]) -> Table1:
    """Count Table 1 for ``layer`` over ``participants`` (number -> code, in column order)."""
    placed = placements(layer.codebook)
    column = {number: index for index, number in enumerate(participants)}
    rows = numbered_rows(layer.codebook)
    cc = dict.fromkeys((row[0] for row in rows), 0)
    coded: dict[str, set[int]] = {row[0]: set() for row in rows}
    cells = {row[0]: [0] * len(column) for row in rows if row[3] == 0}
    total, anyone = 0, set()
    for citation in analysed(layer.citations, column):
        hit = set()
        for code_id in citation.codes:
            category, sub = placed.get(code_id, (None, None))
            hit.update(key for key in (category, sub) if key is not None)
        if not hit:
            continue
        total += 1
        anyone.add(citation.participant)
        for key in hit:
            cc[key] += 1
            coded[key].add(citation.participant)
            if key in cells:
                cells[key][column[citation.participant]] += 1
    return Table1(
        layer=layer.name,
        rows=tuple(
            Row(code_id, number, name, level, category, cc[code_id], len(coded[code_id]))
            for code_id, number, name, level, category in rows
        ),
        total=total,
        coded_participants=len(anyone),
        participants=tuple(participants.values()),
        matrix={key: tuple(values) for key, values in cells.items()},
    )


def analysed(citations: Iterable[Citation], participants: Mapping[int, int]) -> list[Citation]:
    """The layer's citations of the analysed participants, each id once (its codes united)."""
    return [c for c in merged_citations(citations).values() if c.participant in participants]
