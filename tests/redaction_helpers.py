"""Helpers for the redaction tests: a predictable stand-in for the suggestion detector, reads of
the redaction tables, the words no export may carry, coding passages that name people, and reading
what an export quotes."""

from __future__ import annotations

import csv
import io
import re
import uuid

from coding_helpers import code_named, document_of, op, user
from coding_helpers import participant as the
from factories import REDACTION_CONSENT_NAME, REDACTION_TERMS

from interview.coding.citations import Layer, open_document
from interview.coding.operations import apply_operation
from interview.extensions import db
from interview.models import AuditEvent, RedactionDecision, RedactionTerm
from interview.redaction import review
from interview.redaction.records import research_record
from interview.redaction.suggestions import REASON_CAPITALISED, Suggestion

CAPITALISED = re.compile(r"\b[A-ZČŠŽ]\w+")


def capitalised_words(text: str) -> list[Suggestion]:
    """Every capitalised word not at a sentence's start, suggested as a person."""
    found = []
    for match in CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".!?":
            found.append(
                Suggestion(match.start(), match.end(), match.group(), "person", REASON_CAPITALISED)
            )
    return found


def use_fake_suggestions(monkeypatch) -> None:
    """Suggest capitalised words (the real detector may suggest more, or other kinds)."""
    monkeypatch.setattr(review, "suggest", capitalised_words)


def terms_of(participant_id: int | None) -> list[tuple[str, str]]:
    """(text, kind) of a list's terms, oldest first."""
    condition = (
        RedactionTerm.participant_id.is_(None)
        if participant_id is None
        else RedactionTerm.participant_id == participant_id
    )
    rows = db.session.scalars(db.select(RedactionTerm).where(condition).order_by(RedactionTerm.id))
    return [(row.text, row.kind) for row in rows]


def decisions_of(participant_id: int) -> dict[str, str]:
    """Folded term → decision."""
    rows = db.session.scalars(
        db.select(RedactionDecision).where(RedactionDecision.participant_id == participant_id)
    )
    return {row.folded: row.decision for row in rows}


def redaction_events() -> list[AuditEvent]:
    """The audit log's redaction events, oldest first."""
    statement = (
        db.select(AuditEvent)
        .where(AuditEvent.action.startswith("redaction_"))
        .order_by(AuditEvent.id)
    )
    return list(db.session.scalars(statement))


# Every word the exports must never carry: the listed terms and the consent name, whole and parts.
FORBIDDEN = (
    *(text for text, _kind, _study in REDACTION_TERMS),
    REDACTION_CONSENT_NAME,
    *REDACTION_CONSENT_NAME.split(),
)
LABEL = re.compile(r"\[[^\W\d_]+ \d+\]")


def leaked(text: str) -> list[str]:
    """The forbidden words found in a text, whole words, any case."""
    return [w for w in FORBIDDEN if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]


def cite(code: str, start: int, end: int, layer: str = "coder") -> None:
    """Code [start, end) of the participant's document as alice, or in the reconciled layer."""
    alice, document = user("alice"), document_of(code)
    operation = op(
        "create",
        citation=str(uuid.uuid4()),
        start=start,
        end=end,
        quote=document.text[start:end],
        codes=(code_named("Safety and trust").guid,),
    )
    chosen = Layer.reconciled() if layer == "reconciled" else Layer.of_coder(alice.id)
    apply_operation(document, chosen, alice, operation)


def coded(app, code: str, layer: str = "coder") -> tuple[str, str]:
    """Code two passages of the participant's turn that names Petra, Kranj and Mojca: one whole
    ("Petra …" up to the full stop), one cutting "Kranj" and "Mojca" in half. Returns what each
    must quote: the same words cut from the redacted turn, whole labels."""
    with app.test_request_context():
        text = open_document(the(code))[0].text
        petra = text.index("Petra")  # the second turn's first word
        sentence_end = text.index(".", petra) + 1
        cut_start, cut_end = text.index("Kranj") + 2, text.index("Mojca", text.index("Kranj")) + 3
        assert text[cut_start:cut_end].startswith("anj") and text[cut_end - 3 : cut_end] == "Moj"
        cite(code, petra, sentence_end, layer)
        cite(code, cut_start, cut_end, layer)
        turn = research_record(the(code))["transcript"]["turns"][1]["text"]
    whole = re.match(r"\[[^\]]+\][^.]*\.", turn).group(0)
    halves = re.search(r"\[[^\]]+\][^\[]*\[[^\]]+\]", turn[len(whole) :]).group(0)
    return whole, halves


def citations_rows(data: bytes) -> list[dict[str, str]]:
    """citations.csv as rows."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
