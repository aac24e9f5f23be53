"""The quotations of a code or category across interviews, filtered by questionnaire answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from interview.coding.codebook import descendants
from interview.coding.layers import may_see_coder, may_see_reconciled
from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import (
    LAYER_RECONCILED,
    Citation,
    Code,
    CodingDocument,
    Participant,
    QuestionnaireResponse,
    User,
    citation_codes,
)

LAYER_ALL = "all"


@dataclass(frozen=True)
class Quotation:
    """One citation as the quotations page lists it."""

    label: str
    participant: str
    quote: str
    coder: str
    memo: str
    codes: tuple[str, ...]


def attribute_filters() -> list[dict[str, Any]]:
    """The questionnaire's choice items, with their options, for the filter."""
    items = current_instruments().questionnaire.items
    return [
        {
            "id": item.id,
            "label": item.label,
            "options": [{"value": o.value, "label": o.label} for o in item.choices],
        }
        for item in items
        if item.choices
    ]


def _participants_with(item: str, value: str) -> set[int]:
    """Ids of participants whose questionnaire answer to `item` is (or includes) `value`."""
    found = set()
    for participant_id, answers in db.session.execute(
        db.select(QuestionnaireResponse.participant_id, QuestionnaireResponse.answers)
    ):
        given = ((answers or {}).get(item) or {}).get("value")
        if given == value or (isinstance(given, list) and value in given):
            found.add(participant_id)
    return found


def quotations(
    viewer: User, code: Code, layer: str = LAYER_ALL, item: str = "", value: str = ""
) -> list[Quotation]:
    """Every citation of the code or anything under it that the viewer may see, by interview and id."""
    # A subquery rather than a join and DISTINCT: PostgreSQL cannot compare the documents' JSON
    # columns that DISTINCT would have to compare.
    coded = db.select(citation_codes.c.citation_id).where(
        citation_codes.c.code_id.in_(descendants(code))
    )
    statement = (
        db.select(Citation, CodingDocument, Participant)
        .join(CodingDocument, CodingDocument.id == Citation.document_id)
        .join(Participant, Participant.id == CodingDocument.participant_id)
        .where(Citation.id.in_(coded), Citation.deleted_at.is_(None))
        .options(selectinload(Citation.codes), db.defer(CodingDocument.text))
        .order_by(Participant.number, Citation.number)
    )
    if item and value:
        statement = statement.where(Participant.id.in_(_participants_with(item, value)))
    names = dict(db.session.execute(db.select(User.id, User.username)).all())
    rows = []
    for citation, document, participant in db.session.execute(statement):
        if not _wanted(viewer, document, citation, layer, names):
            continue
        coder = (
            _("Agreed version")
            if citation.layer == LAYER_RECONCILED
            else names.get(citation.coder_id, "?")
        )
        rows.append(
            Quotation(
                label=f"{participant.number}:{citation.number}",
                participant=participant.code,
                quote=citation.quote,
                coder=coder,
                memo=citation.memo,
                codes=tuple(c.name for c in citation.codes),
            )
        )
    return rows


def _wanted(viewer: User, document: CodingDocument, citation: Citation, layer: str, names) -> bool:
    """Whether the citation is in the chosen layer and blind mode lets the viewer see it."""
    if citation.layer == LAYER_RECONCILED:
        return layer in (LAYER_ALL, LAYER_RECONCILED) and may_see_reconciled(viewer, document)
    if layer not in (LAYER_ALL, names.get(citation.coder_id)):
        return False
    return may_see_coder(viewer, document, citation.coder_id)
