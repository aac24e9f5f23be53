"""Stable GUIDs: every element of an export is named by uuid5 of the study's namespace and a key.

The same study exported twice gives the same GUIDs, so another tool recognises its sources and
codes on a second import and our import recognises what came from us. Codes and citations already
carry GUIDs of their own (the codebook file derives the seeded ones); everything else is derived.
"""

from __future__ import annotations

import functools
import uuid

from interview.coding.codebook import codebook_file
from interview.coding.codebook_file import GUID_NAMESPACE


def study_namespace() -> uuid.UUID:
    """The namespace of this study's GUIDs: derived from the codebook the study was seeded with."""
    return _namespace(codebook_file().id)


@functools.lru_cache(maxsize=8)
def _namespace(codebook_id: str) -> uuid.UUID:
    return uuid.uuid5(GUID_NAMESPACE, f"study:{codebook_id}")


def derived(kind: str, key: str) -> str:
    """The GUID of one element: its kind (`source`, `case`, …) and a key that never changes."""
    return _derived(study_namespace(), kind, key)


@functools.lru_cache(maxsize=1024)
def _derived(namespace: uuid.UUID, kind: str, key: str) -> str:
    return str(uuid.uuid5(namespace, f"{kind}:{key}"))


def normal_guid(value: str | None) -> str | None:
    """A GUID as we compare them: lower case, without braces (tools write both forms)."""
    if not value:
        return None
    try:
        return str(uuid.UUID(value.strip().strip("{}")))
    except ValueError:
        return None
