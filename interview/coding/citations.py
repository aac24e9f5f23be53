"""Coded passages (citations): the document snapshot, numbering, the overlap rule and states.

Rules kept here, in one place:
- a citation's number is given when it is first kept, from one counter per document shared by
  every coder, and never changes; deleting leaves a hole;
- two live citations of one layer (one coder, or the agreed version) that overlap and share a code
  are one passage: they merge into the one with the lower number, which keeps its id; the other
  stays as a merged row (a hole) pointing at it;
- offsets are code points over the snapshot, and the quote stored beside them always equals the
  snapshot's text at those offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from interview.coding.document import Document, build_document
from interview.extensions import db
from interview.models import (
    LAYER_CODER,
    LAYER_RECONCILED,
    Citation,
    Code,
    CodingDocument,
    Participant,
    citation_codes,
)
from interview.models.base import utcnow


class CodingError(ValueError):
    """A coding request that was refused: the sentence to show and the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Layer:
    """Whose codings: a coder's own layer, or the agreed version (`coder_id` None)."""

    name: str
    coder_id: int | None

    @classmethod
    def of_coder(cls, user_id: int) -> Layer:
        """The layer of one coder."""
        return cls(LAYER_CODER, user_id)

    @classmethod
    def reconciled(cls) -> Layer:
        """The agreed version."""
        return cls(LAYER_RECONCILED, None)

    def where(self):
        """SQL conditions selecting this layer's citations."""
        coder = (
            Citation.coder_id.is_(None)
            if self.coder_id is None
            else Citation.coder_id == self.coder_id
        )
        return (Citation.layer == self.name, coder)


@dataclass
class Changes:
    """The citations one operation touched, with their states before it (None: made by it)."""

    before: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    citations: dict[int, Citation] = field(default_factory=dict)

    def touch(self, citation: Citation) -> None:
        """Remember the citation's state the first time the operation changes it."""
        if citation.id not in self.before:
            self.before[citation.id] = undo_state(citation)
        self.citations[citation.id] = citation

    def created(self, citation: Citation) -> None:
        """Note a citation this operation made."""
        self.before[citation.id] = None
        self.citations[citation.id] = citation


# --- the document snapshot ------------------------------------------------------------------


def stored_document(participant: Participant) -> CodingDocument | None:
    """The snapshot the participant's codings are made on, if coding has begun."""
    return db.session.scalar(db.select(CodingDocument).filter_by(participant_id=participant.id))


def add_snapshot(participant: Participant, live: Document) -> CodingDocument:
    """A new coding snapshot of the live document, added to the session (the caller commits)."""
    stored = CodingDocument(
        participant_id=participant.id,
        source=live.source,
        text=live.text,
        sha256=live.sha256,
        headings=[h.as_json() for h in live.headings],
    )
    db.session.add(stored)
    return stored


def open_document(participant: Participant) -> tuple[CodingDocument | None, bool]:
    """The snapshot to code (made or refreshed while nothing is coded) and whether the text changed.

    Once a passage is coded the snapshot stays: a changed text is reported, never applied silently.
    """
    live = build_document(participant)
    stored = stored_document(participant)
    if stored is None:
        if live is None:
            return None, False
        stored = add_snapshot(participant, live)
        db.session.commit()
        return stored, False
    if live is None or live.sha256 == stored.sha256:
        return stored, False
    coded = db.session.scalar(db.select(Citation.id).filter_by(document_id=stored.id).limit(1))
    if coded is None:
        stored.source, stored.text, stored.sha256 = live.source, live.text, live.sha256
        stored.headings = [h.as_json() for h in live.headings]
        db.session.commit()
        return stored, False
    return stored, True


def allocate_number(document: CodingDocument) -> int:
    """The next citation number of the document (the update takes the write lock first)."""
    following = db.session.execute(
        db.update(CodingDocument)
        .where(CodingDocument.id == document.id)
        .values(next_number=CodingDocument.next_number + 1)
        .returning(CodingDocument.next_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return following - 1


def check_span(document: CodingDocument, start: int, end: int, quote: str) -> None:
    """Refuse offsets outside the text, empty passages, or a quote that is not the text there."""
    if not (0 <= start < end <= len(document.text)):
        raise CodingError(_("The selected passage is outside the text. Reload the page."))
    if document.text[start:end] != quote:
        raise CodingError(
            _(
                "The selected text does not match the document at these positions; nothing was saved. Reload the page."
            )
        )


# --- states --------------------------------------------------------------------------------


def undo_state(citation: Citation) -> dict[str, Any]:
    """Everything an undo needs to put the citation back."""
    return {
        "start": citation.start,
        "end": citation.end,
        "quote": citation.quote,
        "memo": citation.memo,
        "codes": [code.id for code in citation.codes],
        "deleted": citation.deleted_at is not None,
        "merged_into_id": citation.merged_into_id,
    }


def client_state(citation: Citation, guids: dict[int, str] | None = None) -> dict[str, Any]:
    """The compact form the coding page works with."""
    state: dict[str, Any] = {
        "g": citation.guid,
        "n": citation.number,
        "s": citation.start,
        "e": citation.end,
        "c": [code.id for code in citation.codes],
        "m": citation.memo,
    }
    if citation.deleted_at is not None:
        state["d"] = 1
    if citation.merged_into_id is not None:
        survivor = (guids or {}).get(citation.merged_into_id)
        if survivor is None:
            survivor = db.session.scalar(
                db.select(Citation.guid).where(Citation.id == citation.merged_into_id)
            )
        state["into"] = survivor
    return state


def citation_label(participant_number: int, citation: Citation) -> str:
    """The citation id as the study writes it: `5:39`."""
    return f"{participant_number}:{citation.number}"


# --- reading a layer ----------------------------------------------------------------------


def layer_citations(document: CodingDocument, layer: Layer) -> list[Citation]:
    """The live citations of one layer of a document, in text order."""
    return list(
        db.session.scalars(
            db.select(Citation)
            .where(Citation.document_id == document.id, *layer.where())
            .where(Citation.deleted_at.is_(None))
            .order_by(Citation.start, Citation.number)
        )
    )


def find_citation(document: CodingDocument, layer: Layer, guid: str) -> Citation:
    """A citation of this document and layer by guid, following merges to the survivor."""
    citation = db.session.scalar(
        db.select(Citation).where(
            Citation.guid == guid, Citation.document_id == document.id, *layer.where()
        )
    )
    seen: set[int] = set()
    while citation is not None and citation.merged_into_id and citation.id not in seen:
        seen.add(citation.id)
        citation = db.session.get(Citation, citation.merged_into_id)
    if citation is None:
        raise CodingError(_("There is no such coded passage."), 404)
    return citation


# --- the overlap rule ----------------------------------------------------------------------


def _overlapping(citation: Citation) -> list[Citation]:
    """Live citations of the same layer overlapping this one and sharing one of its codes."""
    layer = Layer(citation.layer, citation.coder_id)
    mine = [code.id for code in citation.codes]
    sharing = db.select(citation_codes.c.citation_id).where(citation_codes.c.code_id.in_(mine))
    return list(
        db.session.scalars(
            db.select(Citation)
            .where(
                Citation.document_id == citation.document_id,
                *layer.where(),
                Citation.deleted_at.is_(None),
                Citation.id != citation.id,
                Citation.start < citation.end,
                Citation.end > citation.start,
                Citation.id.in_(sharing),
            )
            .options(selectinload(Citation.codes))
            .order_by(Citation.id)
        )
    )


def _rank(citation: Citation) -> tuple[int, int]:
    # The lower number survives; a passage without a number yet (just made) always gives way.
    return (citation.number if citation.number is not None else 1 << 62, citation.id)


def _absorb(survivor: Citation, other: Citation, text: str, changes: Changes | None) -> None:
    """Merge `other` into `survivor`: the span of both, every code, both memos."""
    if changes is not None:
        changes.touch(survivor)
        changes.touch(other)
    survivor.start, survivor.end = min(survivor.start, other.start), max(survivor.end, other.end)
    survivor.quote = text[survivor.start : survivor.end]
    for code in other.codes:
        if code not in survivor.codes:
            survivor.codes.append(code)
    memos = [m for m in (survivor.memo.strip(), other.memo.strip()) if m]
    survivor.memo = "\n\n".join(dict.fromkeys(memos))
    survivor.updated_at = other.deleted_at = utcnow()
    other.merged_into_id = survivor.id


def settle(citation: Citation, changes: Changes | None = None) -> Citation:
    """Apply the overlap rule until nothing overlaps; returns the surviving citation."""
    document = db.session.get(CodingDocument, citation.document_id)
    current = citation
    while True:
        db.session.flush()
        others = _overlapping(current)
        if not others:
            return current
        for other in others:
            survivor, loser = sorted((current, other), key=_rank)
            _absorb(survivor, loser, document.text, changes)
            current = survivor


def new_citation(
    document: CodingDocument,
    layer: Layer,
    user_id: int | None,
    span: tuple[int, int],
    codes: list[Code],
    *,
    guid: str,
    memo: str = "",
    number: int | None = None,
    changes: Changes | None = None,
) -> Citation:
    """Keep a new passage: merged into an overlapping one of its layer, or numbered anew."""
    start, end = span
    citation = Citation(
        guid=guid,
        document_id=document.id,
        layer=layer.name,
        coder_id=layer.coder_id,
        start=start,
        end=end,
        quote=document.text[start:end],
        memo=memo,
        codes=list(codes),
        created_by_id=user_id,
        number=number,
    )
    db.session.add(citation)
    db.session.flush()
    if changes is not None:
        changes.created(citation)
    survivor = settle(citation, changes)
    if survivor is citation and citation.number is None:
        citation.number = allocate_number(document)
    return survivor
