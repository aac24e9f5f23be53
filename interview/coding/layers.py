"""Who sees which layer: coders' "done" marks and blind mode.

Blind mode (`CODING_BLIND`, on by default): a coder sees another coder's codings of a document only
when both have marked that document done. The agreed version of a document opens to a user once
they have marked it done. With blind mode off, everyone who may code sees every layer.
"""

from __future__ import annotations

from flask import current_app

from interview.audit import record_event
from interview.extensions import db
from interview.models import LAYER_CODER, Citation, CodingDocument, CodingMark, User


def blind() -> bool:
    """Whether the study codes blind."""
    return bool(current_app.config.get("CODING_BLIND", True))


def done_user_ids(document: CodingDocument) -> set[int]:
    """The users who marked their coding of the document done."""
    return set(db.session.scalars(db.select(CodingMark.user_id).filter_by(document_id=document.id)))


def is_done(document: CodingDocument, user: User) -> bool:
    """Whether the user marked the document done."""
    return user.id in done_user_ids(document)


def mark_done(document: CodingDocument, user: User) -> None:
    """Mark the user's coding of the document done."""
    if not is_done(document, user):
        db.session.add(CodingMark(document_id=document.id, user_id=user.id))
        record_event("coding_done", document.participant, user=user)
        db.session.commit()


def reopen(document: CodingDocument, user: User) -> None:
    """Take back the user's done mark (blind mode hides the other coder again)."""
    db.session.execute(db.delete(CodingMark).filter_by(document_id=document.id, user_id=user.id))
    record_event("coding_reopen", document.participant, user=user)
    db.session.commit()


def may_see_coder(viewer: User, document: CodingDocument, coder_id: int) -> bool:
    """Whether the viewer may see this coder's layer of the document."""
    if coder_id == viewer.id or not blind():
        return True
    done = done_user_ids(document)
    return viewer.id in done and coder_id in done


def may_see_reconciled(viewer: User, document: CodingDocument) -> bool:
    """Whether the viewer may see (and work on) the agreed version of the document."""
    return not blind() or is_done(document, viewer)


def coders(document: CodingDocument) -> list[User]:
    """Everyone with a coder layer on the document (or a done mark), by name."""
    coded = db.session.scalars(
        db.select(Citation.coder_id).where(
            Citation.document_id == document.id, Citation.layer == LAYER_CODER
        )
    )
    ids = (set(coded) | done_user_ids(document)) - {None}
    return list(db.session.scalars(db.select(User).where(User.id.in_(ids)).order_by(User.username)))


def visible_coders(viewer: User, document: CodingDocument) -> list[User]:
    """The coders whose layers of the document the viewer may see (the viewer included)."""
    return [c for c in coders(document) if may_see_coder(viewer, document, c.id)]


def pair_open(viewer: User, document: CodingDocument, a: User, b: User) -> bool:
    """Whether the viewer may compare coders a and b on this document."""
    return pair_open_given(done_user_ids(document), viewer, a, b)


def pair_open_given(done: set[int], viewer: User, a: User, b: User) -> bool:
    """The rule of `pair_open`, given who marked the document done."""
    if not blind():
        return True
    return {a.id, b.id} <= done and (viewer.id in (a.id, b.id) or viewer.id in done)


def done_by_document(document_ids: list[int]) -> dict[int, set[int]]:
    """Document id -> users who marked it done, in one query."""
    found: dict[int, set[int]] = {d: set() for d in document_ids}
    rows = db.session.execute(
        db.select(CodingMark.document_id, CodingMark.user_id).where(
            CodingMark.document_id.in_(document_ids)
        )
    )
    for document_id, user_id in rows:
        found[document_id].add(user_id)
    return found
