"""Making the agreed version (the `reconciled` layer) from two coders' passages.

A passage taken into the agreed version keeps its citation id: the copy of coder A's `5:12` is
`5:12` in the agreed version too. Taking both passages of an overlap applies the usual overlap
rule there, so the lower id survives with the extent of both.
"""

from __future__ import annotations

import uuid

from flask_babel import gettext as _

from interview.audit import record_event
from interview.coding.citations import CodingError, Layer, new_citation, settle
from interview.coding.compare import compare
from interview.extensions import db
from interview.models import LAYER_CODER, Citation, Code, CodingDocument, User


def _source(document: CodingDocument, guid: str) -> Citation:
    citation = db.session.scalar(
        db.select(Citation).where(
            Citation.guid == guid,
            Citation.document_id == document.id,
            Citation.layer == LAYER_CODER,
            Citation.deleted_at.is_(None),
        )
    )
    if citation is None:
        raise CodingError(_("That passage is no longer there. Reload the page."), 404)
    return citation


def _take_one(document: CodingDocument, source: Citation, code: Code, user: User) -> Citation:
    """Copy one coder passage, with one code, into the agreed version under its own id."""
    layer = Layer.reconciled()
    copy = db.session.scalar(
        db.select(Citation).where(
            Citation.document_id == document.id, *layer.where(), Citation.number == source.number
        )
    )
    if copy is None:
        return new_citation(
            document,
            layer,
            user.id,
            (source.start, source.end),
            [code],
            guid=str(uuid.uuid4()),
            memo=source.memo,
            number=source.number,
        )
    if copy.deleted_at is not None:
        copy.start, copy.end, copy.quote = source.start, source.end, source.quote
        copy.codes, copy.deleted_at, copy.merged_into_id = [code], None, None
    elif code not in copy.codes:
        copy.codes.append(code)
    return settle(copy)


def take(document: CodingDocument, guids: list[str], code: Code, user: User) -> None:
    """Take these coder passages (one, the other, or both) into the agreed version, with `code`."""
    if not guids:
        raise CodingError(_("Choose the passage to take."))
    for guid in guids:
        _take_one(document, _source(document, guid), code, user)
    record_event("coding_reconcile", document.participant, detail=code.name, user=user)
    db.session.commit()


def take_agreements(document: CodingDocument, a: User, b: User, user: User) -> int:
    """Start the agreed version from every passage both coders marked identically; how many."""
    comparison = compare([document], a, b, details=True)
    for code, passage, _other in comparison.agreements:
        _take_one(document, _source(document, passage.guid), code, user)
    detail = f"{len(comparison.agreements)} agreements of {a.username} and {b.username}"
    record_event("coding_reconcile", document.participant, detail=detail, user=user)
    db.session.commit()
    return len(comparison.agreements)
