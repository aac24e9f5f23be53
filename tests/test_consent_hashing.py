"""Tests for canonical JSON and hashing of frozen consent records (interview.consent.hashing)."""

import copy
import datetime
import decimal
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from interview.consent import hashing as consent_hash
from interview.consent.hashing import (
    ConsentRecordError,
    canonical_consent,
    consent_sha256,
    verify_consent,
)

SIGNATURE = {"v": 1, "w": 300, "h": 160, "strokes": [[10, 10, 40, 30, 80, 20, 120, 60, 160, 40]]}


@pytest.fixture
def record() -> dict[str, Any]:
    """A frozen consent record shaped as the module docstring describes."""
    return {
        "format": "consent-record/1",
        "participant_code": "P05",
        "instrument": {"id": "consent", "version": "1.0", "language": "en", "sha256": "ab" * 32},
        "text": "I was told the purpose of the study.\n\nParticipation is voluntary.",
        "clauses": [
            {"id": "purpose", "text": "I was told the purpose.", "optional": False, "answer": True},
            {"id": "quotes", "text": "Anonymised quotes…", "optional": True, "answer": False},
        ],
        "participant": {"name": "Zoë Novák", "signature": SIGNATURE, "signed_at": "2026-11-25"},
        "interviewer": {"name": "Anna", "signature": SIGNATURE, "signed_at": None},
        "user_agent": "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)",
    }


def leaf_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Yield the key/index path of every scalar inside a JSON value."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, dict | list):
            yield from leaf_paths(item, (*path, key))
        else:
            yield (*path, key)


def changed(value: Any) -> Any:
    """A different value of the same kind (None becomes an empty string)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    return "" if value is None else value + "."


def test_canonical_form_is_sorted_compact_utf8() -> None:
    value = {"b": [1, True, None], "a": {"é": "Zoë", "c": "x"}}
    assert canonical_consent(value) == '{"a":{"c":"x","é":"Zoë"},"b":[1,true,null]}'.encode()


def test_sha256_is_the_hex_digest_of_the_canonical_form(record: dict) -> None:
    digest = consent_sha256(record)
    assert digest == hashlib.sha256(canonical_consent(record)).hexdigest()
    assert len(digest) == 64 and digest == digest.lower()


def test_known_digest_does_not_drift() -> None:
    # Pinned: a change here would make every stored consent fail verification.
    assert (
        consent_sha256({"name": "Zoë", "n": 1})
        == hashlib.sha256(b'{"n":1,"name":"Zo\xc3\xab"}').hexdigest()
    )


def test_hash_is_stable_across_key_order(record: dict) -> None:
    reordered = {key: record[key] for key in reversed(record)}
    reordered["instrument"] = dict(reversed(record["instrument"].items()))
    assert list(reordered) != list(record)
    assert consent_sha256(reordered) == consent_sha256(record)


def test_hash_changes_when_any_field_changes(record: dict) -> None:
    original = consent_sha256(record)
    paths = list(leaf_paths(record))
    assert len(paths) > 30
    for path in paths:
        altered = copy.deepcopy(record)
        parent = altered
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = changed(parent[path[-1]])
        assert consent_sha256(altered) != original, path


def test_hash_changes_when_a_list_grows_or_a_key_is_renamed(record: dict) -> None:
    original = consent_sha256(record)
    longer = copy.deepcopy(record)
    longer["participant"]["signature"]["strokes"].append([1, 1])
    renamed = copy.deepcopy(record)
    renamed["user-agent"] = renamed.pop("user_agent")
    assert consent_sha256(longer) != original
    assert consent_sha256(renamed) != original


def test_true_and_one_hash_differently() -> None:
    assert consent_sha256({"a": True}) != consent_sha256({"a": 1})


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ({"a": 1.0}, "floats"),
        ({"a": [1, float("nan")]}, "floats"),
        ({"a": {"b": datetime.datetime(2026, 11, 25, 13, 58)}}, "datetime"),
        ({"a": datetime.date(2026, 11, 25)}, "date"),
        ({"a": (1, 2)}, "tuple"),
        ({"a": {1, 2}}, "set"),
        ({"a": b"bytes"}, "bytes"),
        ({"a": decimal.Decimal("1")}, "Decimal"),
        ({"a": {1: "x"}}, "not a string"),
        ({"a": "\ud800"}, "not valid Unicode"),
    ],
)
def test_non_json_types_are_refused(value: dict, named: str) -> None:
    with pytest.raises(ConsentRecordError, match=named):
        canonical_consent(value)


def test_error_names_where_the_bad_value_is() -> None:
    with pytest.raises(ConsentRecordError, match=r"record\['participant'\]\['signed_at'\]"):
        canonical_consent({"participant": {"signed_at": datetime.datetime(2026, 1, 1)}})


def test_record_must_be_a_dict() -> None:
    with pytest.raises(ConsentRecordError, match="must be a dict"):
        canonical_consent([1, 2])  # type: ignore[arg-type]


def test_verify_accepts_the_untouched_record(record: dict) -> None:
    assert verify_consent(record, consent_sha256(record))


def test_verify_rejects_a_changed_record(record: dict) -> None:
    digest = consent_sha256(record)
    record["clauses"][1]["answer"] = True
    assert not verify_consent(record, digest)


@pytest.mark.parametrize("expected", ["", "0" * 64, "é" * 64, "\ud800", None])
def test_verify_rejects_wrong_or_garbage_digests(record: dict, expected: Any) -> None:
    assert not verify_consent(record, expected)


def test_verify_rejects_a_record_that_cannot_be_canonical(record: dict) -> None:
    digest = consent_sha256(record)
    record["participant"]["signed_at"] = datetime.datetime(2026, 11, 25)
    assert not verify_consent(record, digest)


def test_verify_compares_in_constant_time(record: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return a == b

    monkeypatch.setattr(consent_hash.hmac, "compare_digest", spy)
    assert verify_consent(record, consent_sha256(record))
    assert calls == [(consent_sha256(record).encode(),) * 2]
