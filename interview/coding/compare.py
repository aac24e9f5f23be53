"""Comparing two coders on one document or on the whole study, and keeping snapshots of it.

Figures come from `agreement` (characters of every document counted, coded or not); the citations
of both coders are read in one query, so the study-wide comparison stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from interview.audit import record_event
from interview.coding import agreement
from interview.coding.agreement import ZERO, Counts
from interview.coding.layers import done_by_document, pair_open_given
from interview.extensions import db
from interview.models import (
    LAYER_CODER,
    Citation,
    Code,
    CodingDocument,
    ComparisonSnapshot,
    Participant,
    User,
    citation_codes,
)


@dataclass(frozen=True)
class Passage:
    """One coder's passage carrying the compared code."""

    guid: str
    number: int
    start: int
    end: int
    quote: str


@dataclass
class CodeRow:
    """The figures of one code (or of all codes pooled, `code` None)."""

    code: Code | None
    counts: Counts = ZERO
    passages_a: int = 0
    passages_b: int = 0
    matched: int = 0

    @property
    def percent(self) -> float | None:
        """Percent agreement over all characters."""
        return agreement.percent_agreement(self.counts)

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa over all characters."""
        return agreement.cohen_kappa(self.counts)

    @property
    def alpha(self) -> float | None:
        """Krippendorff's alpha over all characters."""
        return agreement.alpha(self.counts)

    @property
    def passage_agreement(self) -> float | None:
        """2 × matched passages ÷ passages of both coders."""
        total = self.passages_a + self.passages_b
        return 2 * self.matched / total if total else None

    def as_json(self) -> dict[str, Any]:
        """The row as a snapshot keeps it."""
        return {
            "code": self.code.name if self.code else None,
            "code_id": self.code.id if self.code else None,
            "both": self.counts.both,
            "only_a": self.counts.only_a,
            "only_b": self.counts.only_b,
            "neither": self.counts.neither,
            "percent": self.percent,
            "kappa": self.kappa,
            "alpha": self.alpha,
            "passages_a": self.passages_a,
            "passages_b": self.passages_b,
            "matched": self.matched,
            "passage_agreement": self.passage_agreement,
        }


@dataclass(frozen=True)
class Disagreement:
    """Passages of one code where the coders differ: one side only, or different extents."""

    code: Code
    a: Passage | None
    b: Passage | None


@dataclass
class Comparison:
    """Two coders compared over some documents."""

    a: User
    b: User
    documents: int
    characters: int
    rows: list[CodeRow]
    pooled: CodeRow
    disagreements: list[Disagreement] = field(default_factory=list)
    agreements: list[tuple[Code, Passage, Passage]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        """Everything a snapshot keeps (figures only, never the quotes)."""
        return {
            "a": self.a.username,
            "b": self.b.username,
            "documents": self.documents,
            "characters": self.characters,
            "rows": [row.as_json() for row in self.rows],
            "all": self.pooled.as_json(),
            "unmatched": self.pooled.passages_a + self.pooled.passages_b - 2 * self.pooled.matched,
        }


def _passages(document_ids: list[int], coder_ids: tuple[int, int]):
    """(document id, coder id, code id) -> passages, from one query."""
    statement = (
        db.select(
            Citation.document_id,
            Citation.coder_id,
            citation_codes.c.code_id,
            Citation.guid,
            Citation.number,
            Citation.start,
            Citation.end,
            Citation.quote,
        )
        .join(citation_codes, citation_codes.c.citation_id == Citation.id)
        .where(
            Citation.document_id.in_(document_ids),
            Citation.layer == LAYER_CODER,
            Citation.coder_id.in_(coder_ids),
            Citation.deleted_at.is_(None),
        )
        .order_by(Citation.start)
    )
    found: dict[tuple[int, int, int], list[Passage]] = defaultdict(list)
    for doc, coder, code, guid, number, start, end, quote in db.session.execute(statement):
        found[(doc, coder, code)].append(Passage(guid, number, start, end, quote))
    return found


def compare(documents: list[CodingDocument], a: User, b: User, details: bool = False) -> Comparison:
    """Per code and pooled figures for coders a and b; `details` adds the passage lists."""
    ids = [d.id for d in documents]
    lengths = (
        dict(
            db.session.execute(
                db.select(CodingDocument.id, db.func.length(CodingDocument.text)).where(
                    CodingDocument.id.in_(ids)
                )
            ).all()
        )
        if ids
        else {}
    )
    found = _passages(ids, (a.id, b.id))
    code_ids = sorted({key[2] for key in found})
    codes = {c.id: c for c in db.session.scalars(db.select(Code).where(Code.id.in_(code_ids)))}
    total = sum(lengths.values())
    rows = {code_id: CodeRow(codes[code_id]) for code_id in code_ids}
    result = Comparison(a, b, len(ids), total, [], CodeRow(None))
    for doc_id in ids:
        for code_id in code_ids:
            pa, pb = found.get((doc_id, a.id, code_id), []), found.get((doc_id, b.id, code_id), [])
            if pa or pb:
                _add(rows[code_id], pa, pb, lengths[doc_id], result if details else None)
    for row in rows.values():
        coded = row.counts.both + row.counts.only_a + row.counts.only_b
        row.counts = Counts(row.counts.both, row.counts.only_a, row.counts.only_b, total - coded)
        result.pooled.counts += row.counts
        result.pooled.passages_a += row.passages_a
        result.pooled.passages_b += row.passages_b
        result.pooled.matched += row.matched
    result.rows = sorted(rows.values(), key=lambda r: (r.code.position, r.code.id))
    return result


def _add(row: CodeRow, pa: list[Passage], pb: list[Passage], length: int, detail) -> None:
    """Add one document's passages of one code to its row (and the lists, when wanted)."""
    spans_a, spans_b = [(p.start, p.end) for p in pa], [(p.start, p.end) for p in pb]
    c = agreement.counts(spans_a, spans_b, length)
    row.counts = Counts(
        row.counts.both + c.both, row.counts.only_a + c.only_a, row.counts.only_b + c.only_b, 0
    )
    match = agreement.match_passages(spans_a, spans_b)
    row.passages_a += len(pa)
    row.passages_b += len(pb)
    row.matched += len(match.pairs)
    if detail is None:
        return
    for i, j in match.pairs:
        if spans_a[i] == spans_b[j]:
            detail.agreements.append((row.code, pa[i], pb[j]))
        else:
            detail.disagreements.append(Disagreement(row.code, pa[i], pb[j]))
    detail.disagreements.extend(Disagreement(row.code, pa[i], None) for i in match.only_a)
    detail.disagreements.extend(Disagreement(row.code, None, pb[j]) for j in match.only_b)
    detail.disagreements.sort(key=lambda d: (d.a or d.b).start)


def open_documents(viewer: User, a: User, b: User) -> tuple[list[CodingDocument], int]:
    """The documents the viewer may compare a and b on, and how many blind mode holds back."""
    documents = list(
        db.session.scalars(
            db.select(CodingDocument)
            .join(Participant, Participant.id == CodingDocument.participant_id)
            .order_by(Participant.number)
            .options(db.defer(CodingDocument.text))
        )
    )
    done = done_by_document([d.id for d in documents])
    shown = [d for d in documents if pair_open_given(done[d.id], viewer, a, b)]
    return shown, len(documents) - len(shown)


def study_coders() -> list[User]:
    """Everyone who coded anything, by name."""
    ids = db.select(Citation.coder_id).where(Citation.layer == LAYER_CODER).distinct()
    return list(db.session.scalars(db.select(User).where(User.id.in_(ids)).order_by(User.username)))


def keep_snapshot(
    comparison: Comparison, user: User, participant: Participant | None = None
) -> ComparisonSnapshot:
    """Store the comparison's figures with today's date."""
    snapshot = ComparisonSnapshot(
        participant_id=participant.id if participant else None,
        coder_a_id=comparison.a.id,
        coder_b_id=comparison.b.id,
        created_by_id=user.id,
        figures={**comparison.figures(), "participant": participant.code if participant else None},
    )
    db.session.add(snapshot)
    detail = f"{comparison.a.username} and {comparison.b.username}"
    record_event("coding_snapshot", participant, detail=detail, user=user)
    db.session.commit()
    return snapshot


def snapshots() -> list[ComparisonSnapshot]:
    """Every kept comparison, newest first."""
    return list(
        db.session.scalars(db.select(ComparisonSnapshot).order_by(ComparisonSnapshot.id.desc()))
    )
