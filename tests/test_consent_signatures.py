"""Tests for server-side signature validation and SVG rendering (interview.consent.signatures)."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from interview.consent import signatures
from interview.consent.signatures import (
    MAX_BYTES,
    MESSAGES,
    SignatureError,
    signature_svg,
    validate_signature,
)

STROKE = [10, 10, 40, 30, 80, 20, 120, 60, 160, 40]
SVG_NS = "{http://www.w3.org/2000/svg}"


def signature(**changes: object) -> dict:
    """A valid signature dict, with top-level keys replaced by ``changes``."""
    return {"v": 1, "w": 300, "h": 160, "strokes": [list(STROKE)], **changes}


def raw(**changes: object) -> str:
    """The JSON the pad would post for ``signature(**changes)``."""
    return json.dumps(signature(**changes))


INVALID = [
    ("", "empty", "Please sign in the box."),
    ("   ", "empty", "Please sign in the box."),
    (raw(strokes=[]), "empty", "Please sign in the box."),
    (raw(strokes=[[], []]), "empty", "Please sign in the box."),
    ("not json", "not_json", "could not be read"),
    ('{"v": 1, "w": 300', "not_json", "could not be read"),
    ("[" * 50_000, "not_json", "could not be read"),
    ('{"v":1,"w":300,"h":160,"strokes":[[' + "1" * 5000 + ",1]]}", "not_json", "could not be read"),
    ("[1, 2]", "structure", "parts missing or unexpected parts"),
    ('{"v": 1, "w": 300, "h": 160}', "structure", "parts missing or unexpected parts"),
    (raw(extra=1), "structure", "parts missing or unexpected parts"),
    (raw(strokes={}), "structure", "parts missing or unexpected parts"),
    (raw(strokes=[5]), "structure", "parts missing or unexpected parts"),
    (raw(v=2), "version", "older version of this page"),
    (raw(v="1"), "version", "older version of this page"),
    (raw(v=True), "version", "older version of this page"),
    (raw(w=49), "canvas", "impossible size"),
    (raw(h=4001), "canvas", "impossible size"),
    (raw(w=300.5), "canvas", "impossible size"),
    (raw(h="160"), "canvas", "impossible size"),
    (raw(strokes=[[10, 10]] * 1001), "too_many_strokes", "too many strokes (at most 1000)"),
    (raw(strokes=[[10.5, 10, *STROKE[2:]]]), "not_integer", "not a whole pixel"),
    (raw(strokes=[[True, 10, *STROKE[2:]]]), "not_integer", "not a whole pixel"),
    (raw(strokes=[["10", 10, *STROKE[2:]]]), "not_integer", "not a whole pixel"),
    ('{"v":1,"w":300,"h":160,"strokes":[[NaN,1,2,3]]}', "not_integer", "not a whole pixel"),
    (raw(strokes=[[*STROKE, 170]]), "odd_length", "incomplete point"),
    (raw(strokes=[[*STROKE, 301, 50]]), "out_of_bounds", "outside the signature box"),
    (raw(strokes=[[*STROKE, 50, 161]]), "out_of_bounds", "outside the signature box"),
    (raw(strokes=[[-1, 0, *STROKE]]), "out_of_bounds", "outside the signature box"),
    (raw(strokes=[[10, 10, 60, 10, 90, 40, 140, 50]]), "too_few_points", "too short"),
    (raw(strokes=[[10, 10], [60, 60], [90, 90], [100, 100]]), "too_few_points", "too short"),
    (raw(strokes=[[50, 50, 52, 53, 55, 51, 58, 56, 59, 59]]), "too_small", "too small"),
    (raw(strokes=[[50, 50, 59, 50], [50, 59, 59, 59], [55, 55]]), "too_small", "too small"),
]


@pytest.mark.parametrize(("value", "code", "shown"), INVALID)
def test_invalid_signature_gives_its_message(value: str, code: str, shown: str) -> None:
    with pytest.raises(SignatureError) as info:
        validate_signature(value)
    assert info.value.code == code
    assert shown in str(info.value)
    assert str(info.value) == str(info.value.message)


def test_every_kind_of_problem_has_its_own_message() -> None:
    texts = [str(message) for message in MESSAGES.values()]
    assert len(set(texts)) == len(texts)
    assert {code for _, code, _ in INVALID} == set(MESSAGES) - {"too_large"}


def test_none_counts_as_empty() -> None:
    with pytest.raises(SignatureError, match="Please sign in the box"):
        validate_signature(None)


def test_size_limit_is_checked_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.loads must not run on an oversized value")

    monkeypatch.setattr(signatures.json, "loads", refuse)
    with pytest.raises(SignatureError) as info:
        validate_signature("x" * 300_000)
    assert info.value.code == "too_large"
    assert "too large to save" in str(info.value)


@pytest.mark.parametrize(
    "value",
    [
        "{" * 300_000,
        raw() + " " * MAX_BYTES,
        "é" * (MAX_BYTES // 2 + 1),  # few enough characters, too many UTF-8 bytes
    ],
)
def test_oversized_values_get_the_size_message(value: str) -> None:
    with pytest.raises(SignatureError) as info:
        validate_signature(value)
    assert info.value.code == "too_large"


def test_size_limit_is_inclusive() -> None:
    exact = raw().ljust(MAX_BYTES)  # JSON allows trailing whitespace
    assert validate_signature(exact) == signature()
    with pytest.raises(SignatureError, match="too large"):
        validate_signature(exact + " ")


def test_valid_signature_round_trips() -> None:
    value = signature(strokes=[list(STROKE), [200, 100, 210, 120, 220, 130], [250, 80]])
    assert validate_signature(json.dumps(value)) == value
    assert validate_signature(json.dumps(validate_signature(json.dumps(value)))) == value


def test_points_on_the_box_edges_are_inside() -> None:
    value = signature(strokes=[[0, 0, 300, 160, 0, 160, 300, 0, 150, 80]])
    assert validate_signature(json.dumps(value))["strokes"] == value["strokes"]


@pytest.mark.parametrize(
    "stroke",
    [[10, 50, 60, 52, 110, 51, 160, 53, 210, 50], [50, 10, 52, 40, 51, 70, 53, 100, 50, 130]],
    ids=["flat", "narrow"],
)
def test_a_signature_small_only_one_way_is_accepted(stroke: list[int]) -> None:
    assert validate_signature(raw(strokes=[stroke]))["strokes"] == [stroke]


def test_normalised_result_drops_empty_strokes_and_is_a_fresh_copy() -> None:
    posted = signature(strokes=[[], list(STROKE), []])
    result = validate_signature(json.dumps(posted))
    assert result == signature()
    assert list(result) == ["v", "w", "h", "strokes"]


def path_data(svg: str) -> list[str]:
    """The ``d`` attribute of each <path> in an SVG document."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return [path.get("d", "") for path in root.iter(f"{SVG_NS}path")]


def test_svg_has_viewbox_and_one_path_per_stroke() -> None:
    value = signature(strokes=[list(STROKE), [200, 100, 210, 120], [250, 80]])
    svg = signature_svg(value, stroke_width=3.5)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 300 160"
    assert (root.get("width"), root.get("height")) == ("300", "160")
    assert 'stroke-width="3.5"' in svg
    assert len(path_data(svg)) == 3


def test_svg_path_data_is_numbers_only() -> None:
    for d in path_data(signature_svg(signature(strokes=[list(STROKE), [5, 5], [1, 2, 3, 4]]))):
        assert re.fullmatch(r"M\d+ \d+(Q\d+(\.\d+)? \d+(\.\d+)?( \d+(\.\d+)?){2})*L[\d. ]+", d)


def test_svg_smooths_through_midpoints_like_the_pad() -> None:
    value = signature(strokes=[[10, 10, 40, 30, 81, 20], [5, 5], [1, 2, 3, 4]])
    assert path_data(signature_svg(value)) == [
        "M10 10Q40 30 60.5 25L81 20",
        "M5 5L5.01 5",
        "M1 2L3 4",
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        signature(strokes=[['10"/><script>alert(1)</script>', 10]]),
        signature(w='300" onload="alert(1)'),
    ],
)
def test_svg_refuses_anything_but_numbers(hostile: dict) -> None:
    with pytest.raises(ValueError):
        signature_svg(hostile)


@pytest.mark.parametrize("width", [0, -1, float("nan"), float("inf")])
def test_svg_refuses_a_bad_stroke_width(width: float) -> None:
    with pytest.raises(ValueError, match="stroke_width"):
        signature_svg(signature(), stroke_width=width)
