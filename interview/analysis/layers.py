"""The coding layers the analysis reads, as plain data, and the one point where they plug in.

A coding layer is one coder's codings, the `reconciled` layer both coders agreed on, or codings
imported from a REFI-QDA project. The analysis needs only a codebook (categories with their
subcategories) and the coded citations; it never reads the coding tables itself.

Adapter point: a `LayerSource` registered on the app with `register_layer_source(app, source)`.
Until one is registered, every layer is empty. `interview.analysis.adapters` holds the source the
integrator connects to the coding package (and later to imported REFI-QDA projects); tests
register synthetic sources of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from flask import Flask, current_app, has_app_context

RECONCILED = "reconciled"
SOURCES_KEY = "analysis.layer_sources"


@dataclass(frozen=True)
class Code:
    """One code of the codebook; a code without a parent is a main category."""

    id: str
    name: str
    parent: str | None = None
    definition: str = ""


@dataclass(frozen=True)
class Codebook:
    """Codes in the order the codebook shows them, with their parents."""

    codes: tuple[Code, ...] = ()
    _by_id: dict[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {code.id: code for code in self.codes})

    def code(self, code_id: str) -> Code | None:
        """The code with this id, or None."""
        return self._by_id.get(code_id)

    def categories(self) -> tuple[Code, ...]:
        """The main categories, in codebook order."""
        return tuple(code for code in self.codes if code.parent is None)

    def children(self, code_id: str) -> tuple[Code, ...]:
        """The codes directly under ``code_id`` (its subcategories), in codebook order."""
        return tuple(code for code in self.codes if code.parent == code_id)

    def lineage(self, code_id: str) -> tuple[str, ...]:
        """The code's chain from its main category down to itself; () for an unknown code.

        A chain that loops or reaches an unknown parent is broken: the code then counts nowhere.
        """
        by_id, chain = self._by_id, []
        current: str | None = code_id
        while current is not None:
            if current not in by_id or current in chain:
                return ()
            chain.append(current)
            current = by_id[current].parent
        return tuple(reversed(chain))


@dataclass(frozen=True)
class Citation:
    """One coded citation: its id (``5:39``), the participant's number, its codes and its text."""

    id: str
    participant: int
    codes: frozenset[str]
    text: str = ""
    coder: str = ""

    @property
    def sequence(self) -> int:
        """The citation's number within its interview (39 in ``5:39``), for ordering."""
        tail = self.id.rpartition(":")[2]
        return int(tail) if tail.isdigit() else 0


@dataclass(frozen=True)
class CodingLayer:
    """One layer: its name, its codebook and its citations."""

    name: str
    codebook: Codebook = field(default_factory=Codebook)
    citations: tuple[Citation, ...] = ()


class LayerSource(Protocol):
    """Where coding layers come from (the coding workbench, an imported REFI-QDA project)."""

    def layer_names(self) -> list[str]:
        """The names of the layers this source holds (coders' names, ``reconciled``)."""
        ...

    def load(self, name: str) -> CodingLayer | None:
        """The layer with this name, or None when this source does not hold it."""
        ...


def register_layer_source(app: Flask, source: LayerSource) -> None:
    """Make ``source`` a place the analysis looks for layers (first registered, first asked)."""
    sources = app.extensions.setdefault(SOURCES_KEY, [])
    if source not in sources:
        sources.append(source)


def layer_sources() -> list[LayerSource]:
    """The sources registered on the current app (none outside an app)."""
    return list(current_app.extensions.get(SOURCES_KEY, ())) if has_app_context() else []


def layer_names() -> list[str]:
    """Every known layer's name, ``reconciled`` first, each once."""
    names = dict.fromkeys([RECONCILED])
    for source in layer_sources():
        names.update(dict.fromkeys(source.layer_names()))
    return list(names)


def coding_layer(name: str) -> CodingLayer:
    """The layer with this name from the first source that holds it; empty when none does."""
    for source in layer_sources():
        layer = source.load(name)
        if layer is not None:
            return layer
    return CodingLayer(name)


def merged_citations(citations: Iterable[Citation]) -> dict[str, Citation]:
    """Citations by id, codes of repeated ids united (a layer may list one row per code)."""
    merged: dict[str, Citation] = {}
    for citation in citations:
        known = merged.get(citation.id)
        if known is None:
            merged[citation.id] = citation
        else:
            codes = known.codes | citation.codes
            merged[citation.id] = Citation(
                known.id, known.participant, codes, known.text, known.coder
            )
    return merged
