"""Plain reads for the review of a participant's redaction: pending suggestions, every hit in its
context with the label it gets, and the counts the export gate and the overview show.

The participant's name from the consent record is shown only to who may read consent records;
for everyone else its hits read "name from the consent record" and every occurrence of it in a
context is replaced by its label, the whole name even where a context's edge would cut it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from interview.extensions import db
from interview.models import Participant, RedactionDecision, User
from interview.models.redaction import KIND_OTHER, KINDS
from interview.permissions import Permission
from interview.record.build import build_record
from interview.redaction.matching import Hit, Redactor, Term, find_hits
from interview.redaction.records import record_texts, redactor_for, typed_texts
from interview.redaction.suggestions import suggest
from interview.redaction.terms import listed_terms, participant_terms

# Characters of context shown either side of a hit or a suggestion.
CONTEXT = 40
# Contexts shown per suggested term (the count says how many there are).
MAX_CONTEXTS = 5
# The longest term the list holds (the columns' length).
MAX_TERM = 200


def fold(text: str) -> str:
    """The form a term is compared in: NFC, spaces trimmed and single, case-folded (a term is
    listed once, whatever its capitals)."""
    folded = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return unicodedata.normalize("NFC", folded)


@dataclass(frozen=True)
class Context:
    """A place in a text: the words before, the words found, the words after."""

    before: str
    found: str
    after: str


@dataclass
class PendingTerm:
    """One suggested term nobody decided on: as first written, how often, why, and where."""

    folded: str
    text: str
    kind: str
    reason: str
    count: int = 0
    contexts: list[Context] = field(default_factory=list)


@dataclass(frozen=True)
class HitInContext:
    """One hit of a listed term: what it is shown as, its kind, its label and its context."""

    term: str
    kind: str
    label: str
    hidden: bool
    context: Context


class Masker:
    """Replaces the consent name in what a viewer sees, unless the viewer may read it."""

    def __init__(self, terms: Sequence[Term], redactor: Redactor, reveal: bool) -> None:
        self.hidden = [] if reveal else [term for term in terms if term.hidden]
        self.label = redactor.label(self.hidden[0]) if self.hidden else ""

    def hide(self, text: str) -> str:
        """A whole short text (a listed term) with the hidden name replaced."""
        return self.masked(text, 0, len(text), self.spans(text))

    def spans(self, text: str) -> list[Hit]:
        """Where the hidden name is in the text (empty when the viewer may read it)."""
        return find_hits(text, self.hidden) if self.hidden else []

    def context(self, text: str, start: int, end: int, spans: list[Hit]) -> Context:
        """The context of [start, end), never cutting the hidden name at its edges."""
        left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
        for span in spans:
            if span.start < left < span.end:
                left = span.start
            if span.start < right < span.end:
                right = span.end
        return Context(
            self.masked(text, left, start, spans),
            self.masked(text, start, end, spans),
            self.masked(text, end, right, spans),
        )

    def masked(self, text: str, start: int, end: int, spans: list[Hit]) -> str:
        """text[start:end] with the hidden name replaced by its label (once, where it begins)."""
        pieces, cursor = [], start
        for span in spans:
            if span.end <= start or span.start >= end:
                continue
            if span.start >= start:
                pieces += [text[cursor : span.start], self.label]
            cursor = max(cursor, min(span.end, end))
        pieces.append(text[cursor:end])
        return "".join(pieces)


@dataclass(frozen=True)
class ListedTerm:
    """A row of the list as the review shows it: the consent name (no id, never its words), a
    participant's own term or a study-wide one, with its label and how often it was found."""

    id: int | None
    text: str
    kind: str
    study: bool
    hits: int
    label: str | None


@dataclass
class Review:
    """Everything the review page shows: the list, every hit, the pending suggestions."""

    terms: list[ListedTerm]
    hits: list[HitInContext]
    pending: list[PendingTerm]


class Material:
    """A participant's texts, terms and redactor, read once for all the review's reads."""

    def __init__(self, participant: Participant, viewer: User | None) -> None:
        record = build_record(participant)
        self.participant = participant
        self.texts = record_texts(record)
        self.typed = typed_texts(record)
        self.terms = participant_terms(participant)
        self.redactor = redactor_for(participant, record)
        self.reveal = may_read_name(viewer)
        self.masker = Masker(self.terms, self.redactor, self.reveal)


def may_read_name(viewer: User | None) -> bool:
    """Whether the viewer may see the consent name (who may read consent records)."""
    return viewer is not None and viewer.can(Permission.CONSENT_VIEW)


def decided_terms(participant: Participant) -> set[str]:
    """The folded terms with a decision (accepted, dismissed or waived)."""
    statement = db.select(RedactionDecision.folded).where(
        RedactionDecision.participant_id == participant.id
    )
    return set(db.session.scalars(statement))


def review(participant: Participant, viewer: User | None) -> Review:
    """The review page's reads, from one build of the participant's record."""
    material = Material(participant, viewer)
    hits = material_hits(material)
    return Review(listed_rows(material, hits), hits_shown(material, hits), pending_of(material))


def pending_suggestions(participant: Participant, viewer: User | None = None) -> list[PendingTerm]:
    """The suggestions nobody handled, one row per folded term, in order of first appearance.

    A suggestion is handled when it overlaps a hit of a listed term (the consent name included)
    or its term has a decision. Contexts hide the consent name unless the viewer may read it.
    """
    return pending_of(Material(participant, viewer))


def pending_of(material: Material) -> list[PendingTerm]:
    """The pending suggestions of the material's texts."""
    decided = decided_terms(material.participant)
    rows: dict[str, PendingTerm] = {}
    names = [term for term in material.terms if term.hidden]
    for text in material.typed:
        # The consent name on its own too: a longer listed term may have won its hit.
        hits = [*find_hits(text, material.terms), *find_hits(text, names)]
        spans = material.masker.spans(text)
        for suggestion in suggest(text):
            key = fold(suggestion.text)[:MAX_TERM]
            if not key or key in decided or overlaps(suggestion.start, suggestion.end, hits):
                continue
            kind = suggestion.kind if suggestion.kind in KINDS else KIND_OTHER
            row = rows.setdefault(key, PendingTerm(key, suggestion.text, kind, suggestion.reason))
            row.count += 1
            if len(row.contexts) < MAX_CONTEXTS:
                context = material.masker.context(text, suggestion.start, suggestion.end, spans)
                row.contexts.append(context)
    return list(rows.values())


def overlaps(start: int, end: int, hits: Iterable[Hit]) -> bool:
    """Whether [start, end) shares a character with any hit."""
    return any(hit.start < end and start < hit.end for hit in hits)


def material_hits(material: Material) -> list[tuple[str, Hit]]:
    """Every hit of a listed term, with the text it is in."""
    return [(text, hit) for text in material.typed for hit in find_hits(text, material.terms)]


def hits_in_context(participant: Participant, viewer: User | None) -> list[HitInContext]:
    """Every hit of every listed term in each of the participant's texts, with its label."""
    material = Material(participant, viewer)
    return hits_shown(material, material_hits(material))


def hits_shown(material: Material, hits: list[tuple[str, Hit]]) -> list[HitInContext]:
    """The hits as the viewer sees them (the consent name hidden unless they may read it)."""
    shown, spans_of = [], {}
    for text, hit in hits:
        spans = spans_of.setdefault(id(text), material.masker.spans(text))
        term = hit.term
        words = consent_name_words() if term.hidden and not material.reveal else term.text
        words = material.masker.hide(words)
        context = material.masker.context(text, hit.start, hit.end, spans)
        label = material.redactor.label(term)
        shown.append(HitInContext(words, term.kind, label, term.hidden, context))
    return shown


def listed_rows(material: Material, hits: list[tuple[str, Hit]]) -> list[ListedTerm]:
    """The consent name (when the record has one), the participant's terms, the study's terms,
    each with its label where it was found."""
    found = Counter(hit.term.key for _text, hit in hits)
    rows = []
    hidden = [term for term in material.terms if term.hidden]
    if hidden:
        label = material.redactor.label(hidden[0]) if found[hidden[0].key] else None
        rows.append(
            ListedTerm(
                None, consent_name_words(), hidden[0].kind, False, found[hidden[0].key], label
            )
        )
    keys = {(term.text, term.kind): term for term in material.terms if not term.hidden}
    for row in [*listed_terms(material.participant), *listed_terms(None)]:
        term = keys.get((row.text, row.kind))
        count = found[term.key] if term else 0
        label = material.redactor.label(term) if count else None
        text = material.masker.hide(row.text)
        rows.append(ListedTerm(row.id, text, row.kind, row.participant_id is None, count, label))
    return rows


def consent_name_words() -> str:
    """What stands for the consent name where the viewer may not read it."""
    return _("name from the consent record")


def pending_counts(participants: Iterable[Participant]) -> dict[str, int]:
    """Participant code → how many suggested terms wait for a decision."""
    return {participant.code: len(pending_suggestions(participant)) for participant in participants}
