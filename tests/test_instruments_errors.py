"""Broken instrument files: each error names the file, the place (and line) and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from interview.instruments import DATA_DIR, InstrumentError, load_file, load_instruments

DELETE = object()


def shipped_data(name: str) -> dict:
    """A shipped file's data, to be broken by a test."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def write(path: Path, data: object) -> Path:
    """Write `data` as YAML to `path`, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def change(data: dict, where: tuple, value: object) -> None:
    """Set (or with DELETE remove) the value at `where` inside nested data."""
    *parents, last = where
    for part in parents:
        data = data[part]
    if value is DELETE:
        del data[last]
    else:
        data[last] = value


C, Q, I = "consent.yaml", "demographics.yaml", "change-interview.yaml"  # noqa: E741
MISSING = "required key is missing"
BROKEN = [
    (C, ("id",), DELETE, "id", MISSING),
    (C, ("version",), 1.0, "version", "must be text, not the number 1.0 (put it in quotes)"),
    (C, ("kind",), "survey", "kind", "unknown kind 'survey' (expected one of consent,"),
    (C, ("clauzes",), [], "clauzes", "unknown key 'clauzes' (allowed: clauses, id,"),
    (C, ("clauses",), [], "clauses", "must list at least one entry"),
    (C, ("clauses", 3, "id"), "purpose", "clauses[3].id", "duplicate clause id 'purpose'"),
    (C, ("clauses", 0, "id"), "a b", "clauses[0].id", "'a b' is not a valid id"),
    (
        C,
        ("clauses", 1, "required"),
        "sure",
        "clauses[1].required",
        "must be true or false, not the text 'sure'",
    ),
    (C, ("title",), {"sl": "Soglasje"}, "title", "no text for the default language 'en'"),
    (C, ("title",), {"en": "C", "English": "C"}, "title.English", "is not a language code"),
    (C, ("statement",), "  ", "statement", "must not be blank"),
    (C, ("labels", "date"), DELETE, "labels.date", MISSING),
    (Q, ("items", 0, "type"), "slider", "items[0].type", "unknown item type 'slider'"),
    (Q, ("items", 0, "options"), DELETE, "items[0].options", MISSING),
    (Q, ("items", 2, "options"), [], "items[2].options", "must list at least one entry"),
    (Q, ("items", 2, "options", 1, "value"), "female", "items[2].options[1].value", "duplicate"),
    (Q, ("items", 4, "id"), "gender", "items[4].id", "duplicate item id 'gender'"),
    (Q, ("items", 3, "min"), 130, "items[3].min", "min (130) is greater than max (120)"),
    (Q, ("items", 3, "max"), "old", "items[3].max", "must be a whole number, not the text 'old'"),
    (
        Q,
        ("items", 3, "options"),
        [],
        "items[3].options",
        "unknown key 'options' for type 'integer'",
    ),
    (
        Q,
        ("items", 8, "options", 2, "value"),
        "prefer_not_to_say",
        "items[8].options[2].value",
        "added",
    ),
    (Q, ("items", 9, "follow_up"), {"text": "Which?"}, "items[9].follow_up.text", "unknown key"),
    (Q, ("labels",), DELETE, "labels", MISSING),
    (I, ("sections", 8, "id"), "general", "sections[8].id", "duplicate section id 'general'"),
    (I, ("sections", 0, "questions"), [], "sections[0].questions", "at least one entry"),
    (I, ("sections", 3, "questions", 0, "prompts"), "Else?", "prompts", "must be a list of texts"),
    (I, ("sections", 4, "hosts_changes"), True, "sections[4].hosts_changes", "only one section"),
    (I, ("sections", 1, "hosts_changes"), False, "sections[2].rates_changes", "no section sets"),
    (I, ("change_kinds",), DELETE, "change_kinds", MISSING),
    (I, ("rating_scales", 0, "anchors"), DELETE, "rating_scales[0].anchors", MISSING),
    (I, ("rating_scales", 0, "label"), DELETE, "rating_scales[0].label", MISSING),
    (I, ("rating_scales", 0, "anchors", 3), None, "anchors[3]", "must be text, not empty"),
    (
        I,
        ("rating_scales", 1, "anchors"),
        {1: "a", 3: "b", 5: "c"},
        "rating_scales[1].anchors",
        "needs a label for each point 1 to 5 (missing 2, 4)",
    ),
    (
        I,
        ("rating_scales", 2, "anchors", 6),
        "Even more",
        "rating_scales[2].anchors[6]",
        "'6' is not a point of the scale",
    ),
]


@pytest.mark.parametrize(
    ("name", "where", "value", "place", "problem"),
    BROKEN,
    ids=[f"{case[0].split('.')[0]}-{case[3]}-{case[4][:20]}" for case in BROKEN],
)
def test_broken_file(tmp_path: Path, name, where, value, place, problem) -> None:
    data = shipped_data(name)
    change(data, where, value)
    path = write(tmp_path / name, data)

    with pytest.raises(InstrumentError) as info:
        load_file(path)

    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert f"{place} (line " in message
    assert problem in message
    assert "\n" not in message


def error_for(tmp_path: Path, text: str | bytes) -> str:
    """The InstrumentError message for a file holding `text`."""
    path = tmp_path / "broken.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(InstrumentError) as info:
        load_file(path)
    return str(info.value).replace(str(path), "FILE")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: consent\nkind: consent\ntitle: [unclosed\n",
            "FILE: line 4, column 1: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("id: a\n\tkind: b\n", "FILE: line 2, column 1: invalid YAML: found character '\\t'"),
        ("id: consent\nid: other\n", "FILE: id (line 2): this key is given twice in the same"),
        ("- id: consent\n", "FILE: top level (line 1): must be a mapping of keys to values, not a"),
        ("", "FILE: top level: must be a mapping of keys to values, not empty"),
        (b"id: caf\xe9\n", "FILE: byte 7: the file is not UTF-8 text"),
        ("a: 1\n---\nb: 2\n", "FILE: line 2, column 1: invalid YAML: but found another document"),
    ],
    ids=["syntax", "tab", "duplicate-key", "list", "empty", "not-utf8", "two-documents"],
)
def test_unreadable_file(tmp_path: Path, text, message) -> None:
    assert error_for(tmp_path, text).startswith(message)


def test_line_number_points_at_the_problem(tmp_path: Path) -> None:
    content = (DATA_DIR / I).read_text(encoding="utf-8")
    content = content.replace("- id: changes-worse", "- id: changes-noticed")
    lines = [n for n, text in enumerate(content.splitlines(), 1) if "id: changes-noticed" in text]
    assert len(lines) == 2

    message = error_for(tmp_path, content)

    assert message == (
        f"FILE: sections[1].questions[1].id (line {lines[1]}): duplicate question id "
        "'changes-noticed' (first at sections[1].questions[0].id)"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=r"nope\.yaml: cannot read the file"):
        load_file(tmp_path / "nope.yaml")


def test_override_with_unknown_id(tmp_path: Path) -> None:
    path = write(tmp_path / "instruments" / "x.yaml", {**shipped_data(C), "id": "consnet"})
    with pytest.raises(InstrumentError) as info:
        load_instruments(tmp_path)
    assert str(info.value) == (
        f"{path}: id: unknown instrument id 'consnet' "
        "(expected one of consent, demographics, change-interview; a typo?)"
    )


def test_override_with_wrong_kind(tmp_path: Path) -> None:
    path = write(tmp_path / "instruments" / Q, {**shipped_data(Q), "id": "consent"})
    with pytest.raises(InstrumentError) as info:
        load_instruments(tmp_path)
    assert str(info.value) == (
        f"{path}: kind: kind 'questionnaire' does not match 'consent', which is a consent"
    )


def test_two_overrides_for_one_instrument(tmp_path: Path) -> None:
    first = write(tmp_path / "instruments" / "a.yaml", shipped_data(C))
    second = write(tmp_path / "instruments" / "b.yaml", shipped_data(C))
    with pytest.raises(InstrumentError) as info:
        load_instruments(tmp_path)
    assert str(info.value) == f"{second}: id: 'consent' is already overridden by {first}"
