"""The adapter point: where the coding workbench's layers (and imported REFI-QDA projects) come in.

The analysis reads layers only through `interview.analysis.layers.coding_layer`. This module holds
the source registered for every app; it is empty until the integrator connects it.

To connect the coding package (issue 14), fill in `CodingWorkbenchSource`:
- `layer_names()`: the coders' names, then ``reconciled``.
- `load(name)`: a `CodingLayer` built from the coding package's service for that layer:
  its codes as `Code(id=str(code.id), name=code.name, parent=str(code.parent_id) or None,
  definition=code.definition)` in codebook order, and one `Citation` per coded citation:
  `Citation(id="5:39", participant=5, codes=frozenset of code ids as str, text=the quoted text,
  coder=name)`. Return None for a name the workbench does not know.
A REFI-QDA import becomes a second source with the same two methods, registered the same way.
"""

from __future__ import annotations

from flask import Flask

from interview.analysis.layers import CodingLayer, register_layer_source


class CodingWorkbenchSource:
    """The coding workbench's layers; holds none until the coding package is connected."""

    def layer_names(self) -> list[str]:
        """The names of the workbench's layers (none yet)."""
        return []

    def load(self, name: str) -> CodingLayer | None:
        """The named layer from the workbench (None: nothing is connected yet)."""
        return None


def install_layer_sources(app: Flask) -> None:
    """Register the sources every app reads its layers from."""
    register_layer_source(app, CodingWorkbenchSource())
