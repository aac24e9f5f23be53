"""What the coding pages show, assembled from the services (no request: the viewer is passed in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from interview.coding.citations import CodingError, Layer, client_state, layer_citations
from interview.coding.codebook import all_codes
from interview.coding.document import lines
from interview.coding.layers import (
    blind,
    done_user_ids,
    may_see_coder,
    may_see_reconciled,
    visible_coders,
)
from interview.coding.operations import code_json
from interview.extensions import db
from interview.models import Citation, CodingDocument, Participant, User, citation_codes

MINE = "mine"
RECONCILED = "reconciled"


@dataclass(frozen=True)
class LayerChoice:
    """The layer a page works on: which citations, whether the viewer may change them, its name."""

    layer: Layer
    key: str
    label: str
    editable: bool


def choose_layer(viewer: User, document: CodingDocument, key: str) -> LayerChoice:
    """The viewer's own layer, the agreed version, or another coder's layer (read only)."""
    if key in ("", MINE):
        return LayerChoice(Layer.of_coder(viewer.id), MINE, _("My coding"), True)
    if key == RECONCILED:
        if not may_see_reconciled(viewer, document):
            raise CodingError(
                _("Blind coding: mark your coding done to see the agreed version."), 403
            )
        return LayerChoice(Layer.reconciled(), RECONCILED, _("Agreed version"), True)
    coder = db.session.scalar(db.select(User).filter_by(username=key))
    if coder is None:
        raise CodingError(_("There is no such coder."), 404)
    if coder.id == viewer.id:
        return choose_layer(viewer, document, MINE)
    if not may_see_coder(viewer, document, coder.id):
        raise CodingError(
            _(
                "Blind coding: %(name)s's codings open once you both mark this interview done.",
                name=coder.username,
            ),
            403,
        )
    return LayerChoice(Layer.of_coder(coder.id), coder.username, coder.username, False)


def rows(document: CodingDocument) -> list[tuple[str, Any, Any]]:
    """Headings and lines in reading order: ("h", level, text) or ("l", offset, text)."""
    headings = sorted(document.headings, key=lambda h: h["offset"])
    result: list[tuple[str, Any, Any]] = []
    index = 0
    for offset, line in lines(document.text):
        while index < len(headings) and headings[index]["offset"] <= offset:
            result.append(("h", headings[index]["level"], headings[index]["text"]))
            index += 1
        result.append(("l", offset, line))
    return result


def recent_code_ids(document: CodingDocument, viewer: User, limit: int = 8) -> list[int]:
    """The codes the viewer applied most recently (any document), newest first."""
    recent = db.session.execute(
        db.select(citation_codes.c.code_id, db.func.max(Citation.updated_at).label("at"))
        .join(Citation, Citation.id == citation_codes.c.citation_id)
        .where(Citation.coder_id == viewer.id)
        .group_by(citation_codes.c.code_id)
        .order_by(db.desc("at"))
        .limit(limit)
    )
    return [row.code_id for row in recent]


def page_data(
    participant: Participant, document: CodingDocument, viewer: User, choice: LayerChoice
) -> dict[str, Any]:
    """The JSON the coding page's script starts from."""
    citations = layer_citations(document, choice.layer)
    return {
        "number": participant.number,
        "layer": choice.key,
        "editable": choice.editable,
        "codes": [code_json(code) for code in all_codes()],
        "citations": [client_state(c) for c in citations],
        "recent": recent_code_ids(document, viewer),
    }


def coding_page(
    participant: Participant, document: CodingDocument, viewer: User, key: str
) -> dict[str, Any]:
    """Everything the coding page renders."""
    choice = choose_layer(viewer, document, key)
    done = done_user_ids(document)
    others = [c for c in visible_coders(viewer, document) if c.id != viewer.id]
    return {
        "participant": participant,
        "document": document,
        "choice": choice,
        "rows": rows(document),
        "data": page_data(participant, document, viewer, choice),
        "done": viewer.id in done,
        "blind": blind(),
        "others": others,
        "reconciled_open": may_see_reconciled(viewer, document),
    }
