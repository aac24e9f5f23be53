"""Canonical JSON and SHA-256 of frozen consent records, so a signed consent can be verified later.

When both people have signed, the consent pages freeze one plain-data record, store it with its
``consent_sha256`` and never change it; ``verify_consent`` later proves it was not altered. A frozen
consent record holds::

    {
      "format": "consent-record/1",
      "participant_code": "P05",
      "instrument": {"id": "consent", "version": "1.0", "language": "en",
                     "sha256": "<hex digest of the instrument file that was shown>"},
      "text": "<the exact consent text shown on the tablet, as rendered>",
      "clauses": [{"id": "voluntary", "text": "<clause as shown>", "optional": false,
                   "answer": true}, ...],
      "participant": {"name": "<printed name>", "signature": <validate_signature() dict>,
                      "signed_at": "2026-11-25T13:58:00Z"},
      "interviewer": {"name": "<printed name>", "signature": <validate_signature() dict>,
                      "signed_at": "2026-11-25T13:59:10Z"},
      "user_agent": "<User-Agent header of the signing device>"
    }

Canonical form: ``json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` encoded
as UTF-8, the same convention as the participant record's hash (docs/record-format.md). Keys sort by
Unicode code point (Python's order, not RFC 8785's UTF-16 order). Text is hashed exactly as given,
without Unicode normalisation, because the record must hold what was actually shown.

Only JSON types are accepted: str, int, bool, None, list and dict with str keys. Datetimes must
already be ISO 8601 strings. Floats are refused rather than normalised: nothing in a consent needs
one (signature coordinates are integers), and float text (``1.0`` vs ``1``, exponent forms) differs
between JSON writers, which would make the same record hash differently elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


class ConsentRecordError(ValueError):
    """A consent record holding something that has no single canonical JSON form."""


def canonical_consent(record: dict[str, Any]) -> bytes:
    """Return the canonical UTF-8 JSON bytes of a consent record."""
    if not isinstance(record, dict):
        raise ConsentRecordError(f"a consent record must be a dict, not {type(record).__name__}")
    _check_json_types(record, "record")
    text = json.dumps(
        record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ConsentRecordError("the record holds text that is not valid Unicode") from exc


def consent_sha256(record: dict[str, Any]) -> str:
    """Return the hex SHA-256 of the record's canonical JSON."""
    return hashlib.sha256(canonical_consent(record)).hexdigest()


def verify_consent(record: dict[str, Any], expected: str) -> bool:
    """Tell whether the record still hashes to the stored digest (constant-time comparison)."""
    if not isinstance(expected, str):
        return False
    try:
        actual = consent_sha256(record)
    except ConsentRecordError:
        # We could never have produced a digest for such a record, so it cannot match.
        return False
    return hmac.compare_digest(actual.encode("ascii"), expected.encode("utf-8", "replace"))


def _check_json_types(value: Any, path: str) -> None:
    """Raise ConsentRecordError naming the first value that is not a plain JSON type."""
    if isinstance(value, float):
        raise ConsentRecordError(f"{path}: floats are not allowed in a consent record")
    if value is None or isinstance(value, str | int):
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_json_types(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConsentRecordError(f"{path}: key {key!r} is not a string")
            _check_json_types(item, f"{path}[{key!r}]")
    else:
        raise ConsentRecordError(f"{path}: {type(value).__name__} is not a JSON type")
