"""Stable content hashes of participant records (the PDF cache keys on them)."""

import hashlib
import json


def canonical_json(record: dict) -> str:
    """Return the canonical JSON text of ``record`` (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_hash(record: dict) -> str:
    """Return the SHA-256 hex digest of the record's canonical JSON."""
    return hashlib.sha256(canonical_json(record).encode("utf-8")).hexdigest()
