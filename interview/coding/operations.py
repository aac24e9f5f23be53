"""The coding page's requests: create, recode, re-span, memo, delete, undo, create a code.

Every request carries a client-made id. It is stored with its answer in the same transaction as
the change, so a replay from the offline queue gets the same answer and changes nothing; the states
the operation replaced are stored too, which is what "undo" puts back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from interview.audit import record_event
from interview.coding.citations import (
    Changes,
    CodingError,
    Layer,
    check_span,
    client_state,
    find_citation,
    new_citation,
    settle,
)
from interview.coding.codebook import CodebookError, active_code_named, code_by_guid, create_code
from interview.extensions import db
from interview.models import Citation, Code, CodingDocument, CodingOperation, User
from interview.models.base import utcnow

UNDOABLE = ("create", "codes", "span", "memo", "delete")
KINDS = (*UNDOABLE, "undo", "code")
MAX_MEMO = 10_000


@dataclass(frozen=True)
class Operation:
    """One request from the coding page, validated for shape (forms.parse_operation)."""

    op_id: str
    kind: str
    citation: str = ""
    start: int = 0
    end: int = 0
    quote: str = ""
    codes: tuple[str, ...] = ()
    memo: str = ""
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def apply_operation(
    document: CodingDocument, layer: Layer, user: User, op: Operation
) -> dict[str, Any]:
    """Run one operation once; a replay of the same op id returns the first answer."""
    done = db.session.scalar(db.select(CodingOperation).filter_by(op_id=op.op_id))
    if done is not None:
        return _replayed(done, user)
    changes = Changes()
    result = HANDLERS[op.kind](document, layer, user, op, changes)
    db.session.flush()
    result = {"ok": True, "op": op.op_id, **result}
    result.setdefault("changed", [client_state(c) for c in changes.citations.values()])
    db.session.add(
        CodingOperation(
            op_id=op.op_id,
            user_id=user.id,
            document_id=document.id,
            layer=layer.name,
            kind=op.kind,
            before=[{"id": cid, "state": state} for cid, state in changes.before.items()],
            result=result,
        )
    )
    record_event(
        f"coding_{op.kind}", document.participant, detail=_audit_detail(op, layer), user=user
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same op arrived twice at once: the first one counts
        db.session.rollback()
        done = db.session.scalar(db.select(CodingOperation).filter_by(op_id=op.op_id))
        if done is None:
            raise
        return _replayed(done, user)
    return result


def _audit_detail(op: Operation, layer: Layer) -> str:
    # Names and ids only: the audit log never holds the participant's words or a memo.
    target = op.name if op.kind == "code" else op.citation
    return f"{layer.name} {target}".strip()


def _replayed(done: CodingOperation, user: User) -> dict[str, Any]:
    if done.user_id != user.id:
        raise CodingError(_("This request was already sent by another user."), 409)
    return done.result


def resolve_codes(refs: tuple[str, ...]) -> list[Code]:
    """The codes named by guid (a merged code stands for the code it went into); none retired."""
    codes: list[Code] = []
    for ref in refs:
        code = code_by_guid(ref)
        if code is None:
            raise CodingError(_("One of the codes does not exist (any more). Reload the page."))
        if code.retired:
            raise CodingError(_("The code %(name)s is retired.", name=code.name))
        if code not in codes:
            codes.append(code)
    if not codes:
        raise CodingError(_("A coded passage needs at least one code; delete it instead."))
    return codes


def _create(document, layer, user, op, changes) -> dict[str, Any]:
    check_span(document, op.start, op.end, op.quote)
    if db.session.scalar(db.select(Citation.id).filter_by(guid=op.citation)) is not None:
        raise CodingError(_("This passage was already saved."), 409)
    new_citation(
        document,
        layer,
        user.id,
        (op.start, op.end),
        resolve_codes(op.codes),
        guid=op.citation,
        memo=op.memo,
        changes=changes,
    )
    return {}


def _codes(document, layer, user, op, changes) -> dict[str, Any]:
    citation = find_citation(document, layer, op.citation)
    codes = resolve_codes(op.codes)
    changes.touch(citation)
    citation.codes = codes
    citation.updated_at = utcnow()
    settle(citation, changes)
    return {}


def _span(document, layer, user, op, changes) -> dict[str, Any]:
    check_span(document, op.start, op.end, op.quote)
    citation = find_citation(document, layer, op.citation)
    changes.touch(citation)
    citation.start, citation.end, citation.quote = op.start, op.end, op.quote
    citation.updated_at = utcnow()
    settle(citation, changes)
    return {}


def _memo(document, layer, user, op, changes) -> dict[str, Any]:
    if len(op.memo) > MAX_MEMO:
        raise CodingError(_("A memo can be at most %(n)d characters.", n=MAX_MEMO))
    citation = find_citation(document, layer, op.citation)
    changes.touch(citation)
    citation.memo = op.memo.strip()
    citation.updated_at = utcnow()
    return {}


def _delete(document, layer, user, op, changes) -> dict[str, Any]:
    citation = find_citation(document, layer, op.citation)
    if citation.deleted_at is None:
        changes.touch(citation)
        citation.deleted_at = utcnow()
    return {}


def _code(document, layer, user, op, changes) -> dict[str, Any]:
    """Create a code from the palette (or use the one of that name already there)."""
    code = code_by_guid(op.extra.get("guid", "")) or active_code_named(op.name)
    if code is None:
        try:
            code = create_code(op.name, user, guid=op.extra.get("guid") or None, commit=False)
        except CodebookError as error:
            raise CodingError(str(error)) from error
    return {"changed": [], "code": code_json(code), "asked": op.extra.get("guid")}


def _undo(document, layer, user, op, changes) -> dict[str, Any]:
    """Put back what the user's last not yet undone operation on this layer changed."""
    last = db.session.scalar(
        db.select(CodingOperation)
        .where(
            CodingOperation.document_id == document.id,
            CodingOperation.user_id == user.id,
            CodingOperation.layer == layer.name,
            CodingOperation.kind.in_(UNDOABLE),
            CodingOperation.undone.is_(False),
        )
        .order_by(CodingOperation.id.desc())
        .limit(1)
    )
    if last is None:
        return {"nothing": True, "changed": []}
    for entry in reversed(last.before):
        citation = db.session.get(Citation, entry["id"])
        if citation is None:
            continue
        changes.touch(citation)
        _restore(citation, entry["state"])
    last.undone = True
    return {"undid": last.op_id}


def _restore(citation: Citation, state: dict[str, Any] | None) -> None:
    """Put a citation back in a stored state (None: it did not exist, so it goes)."""
    now = utcnow()
    if state is None:
        citation.deleted_at = citation.deleted_at or now
        return
    citation.start, citation.end, citation.quote = state["start"], state["end"], state["quote"]
    citation.memo = state["memo"]
    codes = [
        code_by_guid(code.guid)
        for code in db.session.scalars(db.select(Code).where(Code.id.in_(state["codes"])))
    ]
    citation.codes = list(dict.fromkeys(c for c in codes if c is not None))
    citation.deleted_at = now if state["deleted"] else None
    citation.merged_into_id = state["merged_into_id"]
    citation.updated_at = now


def code_json(code: Code) -> dict[str, Any]:
    """A code as the coding page knows it."""
    return {
        "id": code.id,
        "g": code.guid,
        "name": code.name,
        "colour": code.colour,
        "parent": code.parent_id,
        "retired": code.retired,
        "definition": code.definition,
    }


HANDLERS = {
    "create": _create,
    "codes": _codes,
    "span": _span,
    "memo": _memo,
    "delete": _delete,
    "undo": _undo,
    "code": _code,
}
