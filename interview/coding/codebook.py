"""The live codebook: seeded once from the codebook file, then grown by the analysts.

Every change (create, rename, define, move, merge, retire, restore, recolour) writes one history
row with the state before and after, in the same transaction as the change. Codes are never
deleted: retiring hides a code from the palette, merging retires the merged code and moves its
codings (and children) to the code it was merged into.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from interview.audit import record_event
from interview.coding.citations import settle
from interview.coding.codebook_file import CodebookFile, CodeSpec
from interview.extensions import db
from interview.models import (
    Citation,
    Code,
    CodebookEvent,
    CodebookSource,
    User,
    citation_codes,
)
from interview.models.coding import KIND_CATEGORY, KIND_CODE

MAX_NAME = 200
MAX_DEFINITION = 10_000
PALETTE = ("#f2c94c", "#9bc1bc", "#f4978e", "#a0c4ff", "#caffbf", "#ffc6ff", "#fdffb6", "#bdb2ff")


class CodebookError(ValueError):
    """A codebook change that was refused, with the sentence to show."""


def codebook_file() -> CodebookFile:
    """The codebook file loaded at start-up."""
    return current_app.extensions["codebook"]


def code_state(code: Code) -> dict[str, Any]:
    """What the history keeps of a code."""
    return {
        "name": code.name,
        "definition": code.definition,
        "parent_id": code.parent_id,
        "kind": code.kind,
        "colour": code.colour,
        "retired": code.retired,
        "merged_into_id": code.merged_into_id,
    }


def log(action: str, code: Code | None, user: User | None, before=None, after=None, other=None):
    """Add one history row and its audit event (the caller commits)."""
    db.session.flush()
    record_event(f"codebook_{action}", detail=code.name if code else "", user=user)
    db.session.add(
        CodebookEvent(
            action=action,
            code_id=code.id if code else None,
            other_code_id=other.id if other else None,
            user_id=user.id if user else None,
            username=user.username if user else "",
            before=before,
            after=after,
        )
    )


def ensure_codebook() -> None:
    """Seed the live codebook from the file the first time coding is used."""
    if current_app.extensions.get("codebook_seeded"):
        return
    if db.session.scalar(db.select(CodebookSource.id).limit(1)) is not None:
        current_app.extensions["codebook_seeded"] = True
        return
    source = codebook_file()
    db.session.add(
        CodebookSource(
            codebook_id=source.id,
            version=source.version,
            language=source.language,
            sha256=source.sha256,
        )
    )
    position = 0
    for spec in source.categories:
        parent = _seed_code(spec, None, position, KIND_CATEGORY)
        position += 1
        for child in spec.children:
            _seed_code(child, parent, position, KIND_CODE)
            position += 1
    log("seed", None, None, after={"codebook": source.id, "version": source.version})
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent request seeded it first (the guids are fixed)
        db.session.rollback()


def _seed_code(spec: CodeSpec, parent: Code | None, position: int, kind: str) -> Code:
    code = Code(
        guid=spec.guid,
        key=spec.key,
        name=spec.name,
        definition=spec.definition,
        colour=spec.colour,
        kind=kind,
        parent_id=parent.id if parent else None,
        position=position,
    )
    db.session.add(code)
    db.session.flush()
    return code


def all_codes() -> list[Code]:
    """Every code, retired ones included, in codebook order."""
    return list(db.session.scalars(db.select(Code).order_by(Code.position, Code.id)))


def get_code(code_id: int) -> Code:
    """The code with this id, or CodebookError."""
    code = db.session.get(Code, code_id)
    if code is None:
        raise CodebookError(_("There is no such code."))
    return code


def code_by_guid(guid: str) -> Code | None:
    """The code with this guid, following merges to the code that took it over."""
    code = db.session.scalar(db.select(Code).filter_by(guid=guid))
    seen = set()
    while code is not None and code.merged_into_id and code.id not in seen:
        seen.add(code.id)
        code = db.session.get(Code, code.merged_into_id)
    return code


def active_code_named(name: str) -> Code | None:
    """The code in use with this name (names are compared without case)."""
    return db.session.scalar(
        db.select(Code).where(db.func.lower(Code.name) == name.lower(), Code.retired.is_(False))
    )


def _clean_name(name: str, exclude: Code | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise CodebookError(_("Give the code a name."))
    if len(name) > MAX_NAME:
        raise CodebookError(_("A code name can be at most %(n)d characters.", n=MAX_NAME))
    same = active_code_named(name)
    if same is not None and same is not exclude:
        raise CodebookError(_("There is already a code named %(name)s.", name=same.name))
    return name


def create_code(
    name: str,
    user: User,
    *,
    parent: Code | None = None,
    guid: str | None = None,
    definition: str = "",
    commit: bool = True,
) -> Code:
    """Add a code (under `parent` when given); `guid` lets an offline client name it beforehand."""
    ensure_codebook()
    name = _clean_name(name)
    if parent is not None and parent.retired:
        raise CodebookError(_("A code cannot go under a retired code."))
    count = db.session.scalar(db.select(db.func.count(Code.id)))
    last = db.session.scalar(db.select(db.func.max(Code.position))) or 0
    code = Code(
        guid=str(uuid.UUID(guid)) if guid else str(uuid.uuid4()),
        name=name,
        definition=(definition or "").strip()[:MAX_DEFINITION],
        kind=KIND_CODE,
        parent_id=parent.id if parent else None,
        colour=PALETTE[count % len(PALETTE)],
        position=last + 1,
        created_by_id=user.id,
    )
    db.session.add(code)
    log("create", code, user, after=code_state(code))
    if commit:
        db.session.commit()
    return code


def _change(code: Code, user: User, action: str, **values: Any) -> Code:
    """Set attributes, keep the history row, commit."""
    before = code_state(code)
    for key, value in values.items():
        setattr(code, key, value)
    log(action, code, user, before=before, after=code_state(code))
    db.session.commit()
    return code


def rename_code(code: Code, name: str, user: User) -> Code:
    """Give a code a new name (its codings keep it)."""
    return _change(code, user, "rename", name=_clean_name(name, exclude=code))


def define_code(code: Code, definition: str, user: User) -> Code:
    """Write a code's definition (its memo)."""
    definition = (definition or "").strip()
    if len(definition) > MAX_DEFINITION:
        raise CodebookError(_("A definition can be at most %(n)d characters.", n=MAX_DEFINITION))
    return _change(code, user, "define", definition=definition)


def recolour_code(code: Code, colour: str, user: User) -> Code:
    """Change the highlight colour of a code."""
    return _change(code, user, "recolour", colour=colour.lower())


def descendants(code: Code) -> set[int]:
    """The ids of the code and of every code under it."""
    children: dict[int | None, list[int]] = {}
    for child_id, parent_id in db.session.execute(db.select(Code.id, Code.parent_id)):
        children.setdefault(parent_id, []).append(child_id)
    found, todo = set(), [code.id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return found


def move_code(code: Code, parent: Code | None, user: User) -> Code:
    """Put a code under another code or category (None: to the top level)."""
    if parent is not None:
        if parent.id in descendants(code):
            raise CodebookError(_("A code cannot go under itself or under one of its own codes."))
        if parent.retired:
            raise CodebookError(_("A code cannot go under a retired code."))
    return _change(code, user, "move", parent_id=parent.id if parent else None)


def retire_code(code: Code, user: User) -> Code:
    """Take a code out of use; its codings stay and it can be restored."""
    if code.retired:
        raise CodebookError(_("The code %(name)s is already retired.", name=code.name))
    return _change(code, user, "retire", retired=True)


def restore_code(code: Code, user: User) -> Code:
    """Put a retired (not merged) code back in use."""
    if code.merged_into_id:
        raise CodebookError(_("A merged code cannot be restored; its codings moved."))
    _clean_name(code.name, exclude=code)
    return _change(code, user, "restore", retired=False)


def merge_codes(source: Code, target: Code, user: User) -> Code:
    """Merge `source` into `target`: codings and child codes move, overlaps of one coder merge."""
    if source.id == target.id:
        raise CodebookError(_("Choose two different codes to merge."))
    if target.retired:
        raise CodebookError(_("A code cannot be merged into a retired code."))
    if target.id in descendants(source):
        raise CodebookError(_("A code cannot be merged into one of its own codes."))
    before = code_state(source)
    citations = list(
        db.session.scalars(
            db.select(Citation)
            .join(citation_codes, citation_codes.c.citation_id == Citation.id)
            .where(citation_codes.c.code_id == source.id)
        )
    )
    for citation in citations:
        citation.codes = [c for c in citation.codes if c.id != source.id]
        if target not in citation.codes:
            citation.codes.append(target)
    db.session.execute(
        db.update(Code).where(Code.parent_id == source.id).values(parent_id=target.id)
    )
    source.retired, source.merged_into_id = True, target.id
    db.session.flush()
    for citation in citations:
        if citation.deleted_at is None:
            settle(citation)
    log(
        "merge",
        source,
        user,
        before={**before, "citations": [c.id for c in citations]},
        after=code_state(source),
        other=target,
    )
    db.session.commit()
    return target


def history() -> list[CodebookEvent]:
    """Every codebook change, newest first."""
    return list(db.session.scalars(db.select(CodebookEvent).order_by(CodebookEvent.id.desc())))


def apply_change(code: Code, action: str, data: dict[str, Any], user: User) -> Code:
    """Run one codebook change from its form's data."""
    if action == "rename":
        return rename_code(code, data["name"], user)
    if action == "define":
        return define_code(code, data["definition"], user)
    if action == "move":
        return move_code(code, get_code(data["parent"]) if data["parent"] else None, user)
    if action == "merge":
        return merge_codes(code, get_code(data["target"]), user)
    if action == "retire":
        return retire_code(code, user)
    return restore_code(code, user)


def usage() -> dict[int, int]:
    """Code id -> how many live citations (of any layer) carry it."""
    rows = db.session.execute(
        db.select(citation_codes.c.code_id, db.func.count())
        .join(Citation, Citation.id == citation_codes.c.citation_id)
        .where(Citation.deleted_at.is_(None))
        .group_by(citation_codes.c.code_id)
    )
    return dict(rows.all())


def names() -> dict[int, str]:
    """Code id -> current name, for the history page."""
    return dict(db.session.execute(db.select(Code.id, Code.name)).all())
