"""The study as plain data for an exchange file: codebook, variables, one source per participant.

Read once from the database (documents, one coding layer, the codebook, the questionnaire answers)
and handed to `interview.exchange.qde`, which only writes XML. Nothing here carries a name:
participants are their codes, coders their user names.

The project is a research export: every source text is the coding document redacted as a whole
(headings too), every selection's offsets mapped onto it and its quote cut from it, memos and the
case variables redacted, once the review gate lets the participants out. Only the admin's copy
with the recordings (`with_audio`) is the team's own, unredacted: audio is never in a redacted
export.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import selectinload

from interview.coding.codebook import all_codes, ensure_codebook
from interview.coding.document import build_document
from interview.exchange.audio import Audio, assemble, participant_audio
from interview.exchange.ids import derived
from interview.exchange.texts import source_text
from interview.export.services import exportable_participants
from interview.extensions import db
from interview.models import (
    LAYER_CODER,
    LAYER_RECONCILED,
    Citation,
    Code,
    CodebookSource,
    CodingDocument,
    Participant,
    User,
)
from interview.record.build import build_records
from interview.redaction import gate
from interview.redaction.documents import RedactedDocument, redact_document
from interview.redaction.matching import Redactor
from interview.redaction.records import redacted_records

NO_LAYER = "none"


@dataclass(frozen=True)
class CodeNode:
    """One code with the codes under it."""

    guid: str
    name: str
    definition: str
    colour: str
    codable: bool
    children: tuple[CodeNode, ...]


@dataclass(frozen=True)
class Selection:
    """One coded passage: positions in the written source text, its codes and its memo."""

    guid: str
    name: str
    start: int
    end: int
    quote: str
    code_guids: tuple[str, ...]
    user: str
    created_at: datetime
    memo: str


@dataclass(frozen=True)
class Variable:
    """A case variable: its name, REFI-QDA type and what it means."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Source:
    """One participant: the written text, its codings and its variable values."""

    code: str
    text: str
    created_at: datetime
    selections: tuple[Selection, ...]
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Study:
    """Everything a project file holds."""

    title: str
    codes: tuple[CodeNode, ...]
    variables: tuple[Variable, ...]
    sources: tuple[Source, ...]
    cases: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    users: tuple[str, ...]
    exporter: str
    created_at: datetime
    audio: tuple[Audio, ...] = ()


def codebook_nodes() -> tuple[CodeNode, ...]:
    """The whole live codebook as a tree (merged codes left out; retired ones not codable)."""
    ensure_codebook()
    codes = [c for c in all_codes() if c.merged_into_id is None]
    children: dict[int | None, list[Code]] = defaultdict(list)
    ids = {c.id for c in codes}
    for code in codes:
        children[code.parent_id if code.parent_id in ids else None].append(code)

    def node(code: Code) -> CodeNode:
        return CodeNode(
            code.guid,
            code.name,
            code.definition or "",
            code.colour,
            not code.retired,
            tuple(node(child) for child in children[code.id]),
        )

    return tuple(node(code) for code in children[None])


def gather_study(layer: str | None, exporter: str, title: str, with_audio: bool = False) -> Study:
    """Read the study: exportable participants, their documents and the layer's codings,
    redacted (or, when asked for, unredacted with their recordings: the team's own copy)."""
    participants = exportable_participants()
    if with_audio:
        assemble(participants)
        records = build_records(participants)
        redactors: list[Redactor | None] = [None] * len(participants)
    else:
        gate.require_reviewed(participants)
        pairs = redacted_records(participants)
        records = [record for record, _redactor in pairs]
        redactors = [redactor for _record, redactor in pairs]
    variables, values = case_variables(participants, records)
    documents = {
        d.participant_id: d
        for d in db.session.scalars(
            db.select(CodingDocument).where(
                CodingDocument.participant_id.in_([p.id for p in participants])
            )
        )
    }
    citations = layer_citations(layer, [d.id for d in documents.values()])
    users = usernames()
    sources, audio = [], []
    for participant, record, redactor in zip(participants, records, redactors, strict=True):
        source = participant_source(
            participant, documents.get(participant.id), citations, users, exporter, redactor
        )
        if source is None:
            continue
        code, text, created, selections, headings = source
        sources.append(Source(code, text, created, selections, values=values[code]))
        if with_audio:
            found = participant_audio(participant, record, text, headings)
            audio += [found] if found is not None else []
    coders = sorted({s.user for src in sources for s in src.selections} | {exporter})
    return Study(
        title=title,
        codes=codebook_nodes(),
        variables=tuple(variables),
        sources=tuple(sources),
        cases=tuple((p.code, values[p.code]) for p in participants),
        users=tuple(coders),
        exporter=exporter,
        created_at=first_seeded(),
        audio=tuple(audio),
    )


def participant_source(
    participant: Participant,
    stored: CodingDocument | None,
    citations: dict[int, list[Citation]],
    users: dict[int, str],
    exporter: str,
    redactor: Redactor | None = None,
) -> tuple | None:
    """(code, text, created, selections, headings) of one participant, or None with nothing to
    code; with a `redactor`, the text, headings, selections and memos redacted."""
    if stored is not None:
        text, headings, created = stored.text, stored.headings, stored.created_at
        coded = citations.get(stored.id, [])
    else:
        live = build_document(participant)
        if live is None:
            return None
        text, headings = live.text, [h.as_json() for h in live.headings]
        created, coded = participant.created_at, []
    spans = {citation.id: (citation.start, citation.end) for citation in coded}
    memos = {citation.id: citation.memo for citation in coded}
    if redactor is not None:
        document, text, headings = redacted_parts(text, headings, redactor)
        spans = {key: document.span(*span) for key, span in spans.items()}
        memos = {key: redactor.redact_text(memo) or "" for key, memo in memos.items()}
    written = source_text(text, headings)
    selections = []
    for citation in coded:
        pieces = written.pieces(*spans[citation.id])
        for index, (_a, _b, start, end) in enumerate(pieces):
            selections.append(
                Selection(
                    guid=citation.guid
                    if not index
                    else derived("piece", f"{citation.guid}:{index}"),
                    name=f"{participant.number}:{citation.number}",
                    start=start,
                    end=end,
                    quote=written.text[start:end],
                    code_guids=tuple(code.guid for code in citation.codes),
                    user=users.get(citation.created_by_id or citation.coder_id or 0) or exporter,
                    created_at=citation.created_at,
                    memo=memos[citation.id] if not index else "",
                )
            )
    return participant.code, written.text, created, tuple(selections), headings


def redacted_parts(
    text: str, headings: list[dict[str, Any]], redactor: Redactor
) -> tuple[RedactedDocument, str, list[dict[str, Any]]]:
    """A document as the redacted project writes it: the map from the original, the redacted
    text and its headings (the import reads another tool's copy of it back through the map)."""
    document = redact_document(text, redactor)
    return document, document.text, document.headings(headings, redactor)


def layer_citations(layer: str | None, document_ids: list[int]) -> dict[int, list[Citation]]:
    """Document id -> the layer's live, numbered citations in text order."""
    if not layer or layer == NO_LAYER or not document_ids:
        return {}
    statement = (
        db.select(Citation)
        .where(
            Citation.document_id.in_(document_ids),
            Citation.deleted_at.is_(None),
            Citation.number.is_not(None),
        )
        .options(selectinload(Citation.codes))
        .order_by(Citation.document_id, Citation.start, Citation.number)
    )
    if layer == LAYER_RECONCILED:
        statement = statement.where(Citation.layer == LAYER_RECONCILED)
    else:
        coder = db.session.scalar(db.select(User.id).filter_by(username=layer))
        statement = statement.where(Citation.layer == LAYER_CODER, Citation.coder_id == coder)
    found: dict[int, list[Citation]] = defaultdict(list)
    for citation in db.session.scalars(statement):
        found[citation.document_id].append(citation)
    return found


def usernames() -> dict[int, str]:
    """User id -> user name."""
    return dict(db.session.execute(db.select(User.id, User.username)).all())


def first_seeded() -> datetime:
    """When the study's codebook was seeded: the project's creation date, the same every time."""
    seeded = db.session.scalar(db.select(db.func.min(CodebookSource.seeded_at)))
    return seeded or datetime.now(UTC)


def case_variables(
    participants: list[Participant], records: list[dict[str, Any]]
) -> tuple[list[Variable], dict[str, tuple[tuple[str, Any], ...]]]:
    """Typed variables from the questionnaire (and the therapist code), and each case's values."""
    variables: dict[str, Variable] = {
        "therapist": Variable("therapist", "Text", "Therapist code"),
        "session_date": Variable("session_date", "Date", "Date of the interview session"),
    }
    values: dict[str, tuple[tuple[str, Any], ...]] = {}
    for participant, record in zip(participants, records, strict=True):
        found: list[tuple[str, Any]] = [
            ("therapist", participant.therapist_code),
            ("session_date", participant.session_date),
        ]
        for item in (record.get("questionnaire") or {}).get("items", []):
            name, kind, value = item_variable(item)
            variables.setdefault(name, Variable(name, kind, item.get("label", "")))
            if value is not None:
                found.append((name, typed(variables[name].kind, value, item)))
        values[participant.code] = tuple(found)
    return list(variables.values()), values


def item_variable(item: dict[str, Any]) -> tuple[str, str, Any]:
    """(variable name, type, value) of one questionnaire item, typed by the value it holds.

    Typed by value, not by item type name (the item types own their names): a whole number is an
    Integer, yes/no a Boolean, years and months a number of months, anything else its display text.
    """
    value = item.get("value")
    if isinstance(value, dict) and {"years", "months"} >= set(value):
        months = int(value.get("years") or 0) * 12 + int(value.get("months") or 0)
        return f"{item['id']}_months", "Integer", months
    if isinstance(value, bool):
        return item["id"], "Boolean", value
    if isinstance(value, int):
        return item["id"], "Integer", value
    return item["id"], "Text", None if value is None else (item.get("display") or str(value))


def typed(kind: str, value: Any, item: dict[str, Any]) -> Any:
    """The value in the variable's type; one that does not fit (an odd answer) becomes None."""
    if kind == "Integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "Boolean":
        if isinstance(value, bool):
            return value
        return {"yes": True, "no": False}.get(str(value).lower())
    if kind == "Date":
        return value if isinstance(value, date) else None
    return str(value)
