"""Table 1: coded citations (CC) and coded transcripts (CT) per category, as ANALYSIS.md defines.

CC of a category: the citations coded with it or with any code under it, each citation once however
many of the category's codes it carries. CT: the participants with at least one such citation.
Subcategories (the codes directly under a main category) get their own CC and CT the same way; a
deeper code counts for its subcategory and its category. Only the participants analysed count:
citations of anyone else (declined, withdrawn, unknown) are left out of every figure.
"""

from __future__ import annotations

from collections import Counter
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


def placements(codebook: Codebook) -> dict[str, tuple[str, ...]]:
    """Each code's main category, then its subcategory (a main category's own code: itself only)."""
    placed = {}
    for code in codebook.codes:
        chain = codebook.lineage(code.id)
        if chain:
            placed[code.id] = chain[:2]
    return placed


class Placer:
    """The rows a set of codes counts for, each once; worked out once per distinct set of codes."""

    def __init__(self, codebook: Codebook) -> None:
        self.placed = placements(codebook)
        self.known: dict[frozenset[str], tuple[str, ...]] = {}

    def rows_of(self, codes: frozenset[str]) -> tuple[str, ...]:
        """The categories and subcategories ``codes`` count for (unknown codes count nowhere)."""
        rows = self.known.get(codes)
        if rows is None:
            keys = (key for code in sorted(codes) for key in self.placed.get(code, ()))
            rows = self.known[codes] = tuple(dict.fromkeys(keys))
        return rows


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
    placer = Placer(layer.codebook)
    column = {number: index for index, number in enumerate(participants)}
    rows = numbered_rows(layer.codebook)
    # Citations of one participant with the same codes count alike: tally those pairs first.
    tally = Counter(
        (citation.participant, placer.rows_of(citation.codes))
        for citation in analysed(layer.citations, column)
    )
    cc = dict.fromkeys((row[0] for row in rows), 0)
    coded: dict[str, set[int]] = {row[0]: set() for row in rows}
    cells = {row[0]: [0] * len(column) for row in rows if row[3] == 0}
    total, anyone = 0, set()
    for (participant, hit), n in tally.items():
        if not hit:
            continue
        total += n
        anyone.add(participant)
        for key in hit:
            cc[key] += n
            coded[key].add(participant)
            if key in cells:
                cells[key][column[participant]] += n
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
