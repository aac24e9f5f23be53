"""Merging another tool's codebook into ours: by GUID, then by name, otherwise a new code.

Our codes keep their names, places and definitions (the study's codebook is the reference); a new
code goes under the code its parent became. Every code added writes a codebook history row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from interview.catalogues import N_
from interview.coding.codebook import (
    MAX_NAME,
    PALETTE,
    active_code_named,
    code_by_guid,
    code_state,
    log,
)
from interview.exchange.reader import ForeignCode
from interview.extensions import db
from interview.models import Code, User
from interview.models.coding import KIND_CATEGORY, KIND_CODE

# How a code or a source was matched, in the words shown (the stored value is the key).
MATCHED_BY = {"GUID": N_("by GUID"), "name": N_("by name")}


def matched_by(how: str) -> str:
    """``how`` (GUID, name) as the words the report shows."""
    return _(MATCHED_BY[how]) if how in MATCHED_BY else how


@dataclass
class CodebookMerge:
    """How each of the file's codes maps to ours (our guid), and which are new."""

    matched: list[tuple[str, str, str]] = field(default_factory=list)  # file name, ours, how
    new: list[ForeignCode] = field(default_factory=list)
    guid_of: dict[str, str] = field(default_factory=dict)  # file guid -> our guid (new: its own)

    def lines(self) -> list[str]:
        """What the merge does, in words."""
        lines = [f"  {name} = {ours} ({matched_by(how)})" for name, ours, how in self.matched]
        lines += ["  " + _("%(name)s: new code", name=code.name) for code in self.new]
        return lines


def plan_merge(codes: list[ForeignCode]) -> CodebookMerge:
    """Match the file's codes to ours without changing anything."""
    merge = CodebookMerge()
    for code in codes:
        ours, how = code_by_guid(code.guid), "GUID"
        if ours is None:
            ours, how = active_code_named(code.name[:MAX_NAME]), "name"
        if ours is not None:
            merge.matched.append((code.name, ours.name, how))
            merge.guid_of[code.guid] = ours.guid
        else:
            merge.new.append(code)
            merge.guid_of[code.guid] = code.guid
    return merge


def apply_merge(merge: CodebookMerge, user: User | None) -> int:
    """Add the new codes (the caller commits); returns how many."""
    last = db.session.scalar(db.select(db.func.max(Code.position))) or 0
    count = db.session.scalar(db.select(db.func.count(Code.id))) or 0
    for index, foreign in enumerate(merge.new, 1):
        parent = code_by_guid(merge.guid_of[foreign.parent]) if foreign.parent else None
        colour = expand_colour(foreign.colour) or PALETTE[(count + index) % len(PALETTE)]
        code = Code(
            guid=foreign.guid,
            name=foreign.name[:MAX_NAME],
            definition=foreign.definition,
            kind=KIND_CODE if parent is not None else KIND_CATEGORY,
            parent_id=parent.id if parent else None,
            colour=colour,
            position=last + index,
            created_by_id=user.id if user else None,
        )
        db.session.add(code)
        db.session.flush()
        log("import", code, user, after=code_state(code))
    return len(merge.new)


def expand_colour(colour: str | None) -> str | None:
    """`#abc` as `#aabbcc`; anything that is not a colour as None."""
    if not colour or not colour.startswith("#"):
        return None
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    try:
        int(digits, 16)
    except ValueError:
        return None
    return f"#{digits.lower()}" if len(digits) == 6 else None
