"""Where the analysis gets its coding layers: the coding workbench (and, later, imported projects).

The analysis reads layers only through `interview.analysis.layers.coding_layer`; this module turns
the workbench's plain reads (`interview.coding.results`) into `CodingLayer` data: the live codebook
as `Code`s, every live citation of the layer as a `Citation`. A REFI-QDA import becomes a second
source with the same two methods, registered the same way.

The results are a research output: each citation's text is cut from its participant's coding
document redacted as a whole (interview.redaction.documents), never the stored quote redacted on
its own; the workbench itself keeps showing the original text.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from interview.analysis.layers import (
    RECONCILED,
    Citation,
    Code,
    Codebook,
    CodingLayer,
    register_layer_source,
)
from interview.coding.compare import study_coders
from interview.coding.results import CitationRow, codebook_tree, coding_layer, document_texts
from interview.redaction.documents import redacted_documents


def codebook_codes(tree: list[dict[str, Any]], parent: str | None = None) -> list[Code]:
    """The codebook tree as `Code`s in codebook order, each naming its parent."""
    codes: list[Code] = []
    for node in tree:
        codes.append(Code(str(node["id"]), node["name"], parent, node["definition"] or ""))
        codes.extend(codebook_codes(node["children"], str(node["id"])))
    return codes


class CodingWorkbenchSource:
    """The coding workbench's layers: one per coder (by username), and the reconciled one."""

    def layer_names(self) -> list[str]:
        """The coders who coded anything, then ``reconciled``."""
        return [coder.username for coder in study_coders()] + [RECONCILED]

    def load(self, name: str) -> CodingLayer | None:
        """The named layer, or None for a name that is neither a coder nor ``reconciled``."""
        if name not in self.layer_names():
            return None
        rows = coding_layer(name)
        if name == RECONCILED and not rows:
            return None  # nothing agreed here yet: another source (an imported project) may hold it
        codebook = Codebook(tuple(codebook_codes(codebook_tree(include_retired=True))))
        return CodingLayer(name, codebook, redacted_citations(rows, name))


def redacted_citations(rows: list[CitationRow], coder: str) -> tuple[Citation, ...]:
    """The layer's citations, each quoting the redacted words of its passage."""
    documents = redacted_documents(document_texts({row.participant_code for row in rows}))
    return tuple(
        Citation(
            id=row.citation_id,
            participant=row.participant_number,
            codes=frozenset(map(str, row.code_ids)),
            text=documents[row.participant_code].quote(row.start, row.end),
            coder=coder,
        )
        for row in rows
    )


def install_layer_sources(app: Flask) -> None:
    """Register the sources every app reads its layers from."""
    register_layer_source(app, CodingWorkbenchSource())
