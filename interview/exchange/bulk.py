"""Adding many imported codings to a document at once, under the same rules as one by one.

When the coder has nothing on a document yet, the overlap rule (two passages of one layer that
overlap and share a code are one) is applied in memory, numbers are given in text order from the
document's counter, and rows go in with two bulk inserts. A document the coder already coded
takes the one-by-one path (`new_citation`), which merges with what is there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview.coding.citations import Layer, new_citation
from interview.extensions import db
from interview.models import Citation, Code, CodingDocument, citation_codes
from interview.models.base import utcnow


@dataclass
class Passage:
    """A coding on its way in: span, code ids, memo, guid."""

    start: int
    end: int
    codes: list[int]
    memo: str
    guid: str
    merged: list[str] = field(default_factory=list)


def settle_in_memory(passages: list[Passage]) -> list[Passage]:
    """The overlap rule over new passages only: the earlier one takes the later one in."""
    kept: list[Passage] = []
    for passage in sorted(passages, key=lambda p: (p.start, p.end)):
        for other in kept:
            overlaps = other.start < passage.end and passage.start < other.end
            if overlaps and set(other.codes) & set(passage.codes):
                other.start, other.end = (
                    min(other.start, passage.start),
                    max(other.end, passage.end),
                )
                other.codes += [c for c in passage.codes if c not in other.codes]
                other.memo = "\n\n".join(m for m in dict.fromkeys((other.memo, passage.memo)) if m)
                other.merged.append(passage.guid)
                break
        else:
            kept.append(passage)
    return kept


def has_layer(document: CodingDocument, layer: Layer) -> bool:
    """Whether the layer has a citation on the document already."""
    statement = db.select(Citation.id).where(Citation.document_id == document.id, *layer.where())
    return db.session.scalar(statement.limit(1)) is not None


def add_passages(document: CodingDocument, layer: Layer, user_id: int, passages: list[Passage]):
    """Add the passages to the document's layer (the caller commits)."""
    if has_layer(document, layer):
        for p in passages:
            codes = [db.session.get(Code, c) for c in p.codes]
            new_citation(
                document, layer, user_id, (p.start, p.end), codes, guid=p.guid, memo=p.memo
            )
        return
    kept = settle_in_memory(passages)
    first = document.next_number
    now = utcnow()
    rows = [
        dict(
            guid=p.guid,
            document_id=document.id,
            layer=layer.name,
            coder_id=layer.coder_id,
            number=first + index,
            start=p.start,
            end=p.end,
            quote=document.text[p.start : p.end],
            memo=p.memo,
            created_by_id=user_id,
            created_at=now,
            updated_at=now,
        )
        for index, p in enumerate(kept)
    ]
    if not rows:
        return
    db.session.execute(db.insert(Citation), rows)
    document.next_number = first + len(rows)
    ids = dict(
        db.session.execute(
            db.select(Citation.guid, Citation.id).where(Citation.guid.in_([p.guid for p in kept]))
        ).all()
    )
    links = [{"citation_id": ids[p.guid], "code_id": code} for p in kept for code in p.codes]
    db.session.execute(citation_codes.insert(), links)
