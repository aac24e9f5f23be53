"""Plain reads of the coding for the results (tables, quotes): no request, no ORM objects out.

`coding_layer("reconciled")` (or a coder's username) lists every live citation of that layer with
its participant, id, codes, quote and offsets; `document_texts` the documents they point into;
`codebook_tree()` gives the live codebook as nested data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import selectinload

from interview.coding.codebook import all_codes, ensure_codebook
from interview.extensions import db
from interview.models import (
    LAYER_CODER,
    LAYER_RECONCILED,
    Citation,
    CodingDocument,
    Participant,
    User,
)


@dataclass(frozen=True)
class CitationRow:
    """One coded citation as the results need it."""

    participant_number: int
    participant_code: str
    citation_id: str
    code_ids: tuple[int, ...]
    quote: str
    memo: str
    # The passage's [start, end) in its document (the results cut redacted quotes by them).
    start: int = 0
    end: int = 0


def coding_layer(name: str) -> list[CitationRow]:
    """Every live citation of a layer ("reconciled", or a coder's username), by participant and id."""
    statement = (
        db.select(Citation, Participant.number, Participant.code)
        .join(CodingDocument, CodingDocument.id == Citation.document_id)
        .join(Participant, Participant.id == CodingDocument.participant_id)
        .where(Citation.deleted_at.is_(None))
        .options(selectinload(Citation.codes))
        .order_by(Participant.number, Citation.number)
    )
    if name == LAYER_RECONCILED:
        statement = statement.where(Citation.layer == LAYER_RECONCILED)
    else:
        coder = db.session.scalar(db.select(User.id).filter_by(username=name))
        statement = statement.where(Citation.layer == LAYER_CODER, Citation.coder_id == coder)
    return [
        CitationRow(
            participant_number=number,
            participant_code=code,
            citation_id=f"{number}:{citation.number}",
            code_ids=tuple(c.id for c in citation.codes),
            quote=citation.quote,
            memo=citation.memo,
            start=citation.start,
            end=citation.end,
        )
        for citation, number, code in db.session.execute(statement)
    ]


def document_texts(codes: set[str]) -> dict[str, str]:
    """Participant code -> the text of their coding document (the one citations point into)."""
    if not codes:
        return {}
    statement = (
        db.select(Participant.code, CodingDocument.text)
        .join(CodingDocument, CodingDocument.participant_id == Participant.id)
        .where(Participant.code.in_(sorted(codes)))
    )
    return dict(db.session.execute(statement).all())


def codebook_tree(include_retired: bool = False) -> list[dict[str, Any]]:
    """The live codebook as nested dicts: id, guid, name, definition, kind, colour, children."""
    ensure_codebook()
    codes = [c for c in all_codes() if include_retired or not c.retired]
    nodes = {
        c.id: {
            "id": c.id,
            "guid": c.guid,
            "name": c.name,
            "definition": c.definition,
            "kind": c.kind,
            "colour": c.colour,
            "retired": c.retired,
            "children": [],
        }
        for c in codes
    }
    roots = []
    for code in codes:
        parent = nodes.get(code.parent_id) if code.parent_id else None
        (parent["children"] if parent else roots).append(nodes[code.id])
    return roots


def main_category(tree: list[dict[str, Any]]) -> dict[int, int]:
    """Code id -> id of its top-level code, for rolling citations up into main categories."""
    top: dict[int, int] = {}

    def walk(node: dict[str, Any], root: int) -> None:
        top[node["id"]] = root
        for child in node["children"]:
            walk(child, root)

    for node in tree:
        walk(node, node["id"])
    return top
