"""Codings carried over to a corrected text: each coded passage mapped through a diff of the texts.

A passage moves only when the diff puts its first and last character in unchanged stretches and
the text between the mapped offsets is exactly its quote; any other passage (words changed,
inserted inside it, or gone) would be lost and is listed, never shifted. The caller decides: carry
every passage over, or change nothing. Undo does not reach across a carry-over (the earlier
states name offsets in the old text), so the document's operations are closed.

Only a snapshot made from the same source (the transcript) is carried; codings made on the
typed answers stay on their snapshot, which the coding page reports as changed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from interview.coding.citations import citation_label, stored_document
from interview.coding.document import Document
from interview.extensions import db
from interview.models import Citation, CodingDocument, CodingOperation, Participant, User

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class LostPassage:
    """A coded passage the new text cannot hold: its id (5:39), whose layer, and its quote."""

    label: str
    coder: str
    quote: str


@dataclass
class CarryPlan:
    """What a new text does to the codings: the moves, the losses, the snapshot to update."""

    document: CodingDocument | None
    new: Document | None
    moves: list[tuple[Citation, int, int]] = field(default_factory=list)
    lost: list[LostPassage] = field(default_factory=list)

    @property
    def carries(self) -> bool:
        """Whether the snapshot follows the new text (there is one of the same source, coded)."""
        return self.document is not None and self.new is not None


class OffsetMap:
    """Code-point offsets of the old text mapped into the new one through a word-level diff."""

    def __init__(self, old: str, new: str) -> None:
        old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
        self.old_starts = starts_of(old_tokens)
        new_starts = starts_of(new_tokens)
        self.blocks: list[tuple[int, int, int]] = []  # (old token, new token, length)
        matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            if size:
                self.blocks.append((a, b, size))
        self.block_starts = [a for a, _b, _n in self.blocks]
        self.new_starts = new_starts

    def character(self, offset: int) -> int | None:
        """Where the old text's character at ``offset`` is in the new text (None: changed)."""
        token = bisect_right(self.old_starts, offset) - 1
        index = bisect_right(self.block_starts, token) - 1
        if token < 0 or index < 0:
            return None
        a, b, size = self.blocks[index]
        if token >= a + size:
            return None
        return self.new_starts[b + token - a] + offset - self.old_starts[token]


def starts_of(tokens: list[str]) -> list[int]:
    """The offset each token starts at."""
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token)
    return starts


def plan_carry_over(participant: Participant, new: Document | None) -> CarryPlan:
    """Map every passage coded on the participant's transcript snapshot into ``new``."""
    stored = stored_document(participant)
    if stored is None or new is None or stored.source != new.source or stored.sha256 == new.sha256:
        return CarryPlan(None, None)
    plan = CarryPlan(stored, new)
    citations = list(db.session.scalars(db.select(Citation).filter_by(document_id=stored.id)))
    if not citations:
        return plan
    mapping = OffsetMap(stored.text, new.text)
    for citation in citations:
        start = mapping.character(citation.start)
        last = mapping.character(citation.end - 1)
        end = None if last is None else last + 1
        if start is not None and end is not None and new.text[start:end] == citation.quote:
            plan.moves.append((citation, start, end))
        elif citation.deleted_at is None and citation.merged_into_id is None:
            plan.lost.append(lost_passage(participant, citation))
    return plan


def lost_passage(participant: Participant, citation: Citation) -> LostPassage:
    """How a passage that would be lost is listed."""
    label = citation_label(participant.number, citation) if citation.number else "—"
    coder = db.session.get(User, citation.coder_id) if citation.coder_id else None
    return LostPassage(label, coder.username if coder else "", citation.quote)


def apply_carry_over(plan: CarryPlan) -> None:
    """Move the passages and the snapshot to the new text (the caller commits, with the import)."""
    if not plan.carries or plan.lost:
        return
    document, new = plan.document, plan.new
    for citation, start, end in plan.moves:
        citation.start, citation.end = start, end
    document.source, document.text, document.sha256 = new.source, new.text, new.sha256
    document.headings = [heading.as_json() for heading in new.headings]
    db.session.execute(
        db.update(CodingOperation)
        .where(CodingOperation.document_id == document.id)
        .values(undone=True)
    )
