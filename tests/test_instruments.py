"""The shipped instruments, instance overrides, languages and the `instruments` CLI."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask import Flask

from interview.instruments import (
    DATA_DIR,
    InstrumentError,
    check_file,
    load_file,
    load_instruments,
    parse_instrument,
)
from interview.instruments.cli import instruments_cli

QUESTIONNAIRE_ITEMS = [
    "therapy_style",
    "time_in_therapy",
    "gender",
    "age",
    "education",
    "employment",
    "problem_areas",
    "earlier_help",
    "diagnosis",
    "medication",
]
SECTIONS = [
    "general",
    "changes",
    "ratings",
    "attributions",
    "resources",
    "limitations",
    "helpful",
    "problematic",
    "suggestions",
]


def shipped_data(name: str) -> dict:
    """A shipped file's data, to be changed and written out again by a test."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def write_override(instance: Path, name: str, data: dict) -> Path:
    """Write an override file into `<instance>/instruments/`."""
    folder = instance / "instruments"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def shipped(tmp_path: Path):
    """The shipped instruments, with an empty instance folder."""
    return load_instruments(tmp_path)


def test_consent_has_five_clauses_with_quotes_optional(shipped) -> None:
    consent = shipped.consent
    assert (consent.id, consent.kind, consent.version, consent.language) == (
        "consent",
        "consent",
        "1.0",
        "en",
    )
    assert [c.id for c in consent.clauses] == [
        "purpose",
        "voluntary",
        "recording",
        "quotes",
        "storage",
    ]
    assert [c.id for c in consent.optional_clauses] == ["quotes"]
    assert consent.clause("voluntary").required is True
    assert consent.clause("nope") is None
    assert "**helpful" in consent.intro  # Markdown is kept for the UI to render
    assert consent.statement and consent.labels.participant_signature


def test_questionnaire_has_ten_items_in_order(shipped) -> None:
    questionnaire = shipped.questionnaire
    assert [i.id for i in questionnaire.items] == QUESTIONNAIRE_ITEMS
    assert [i.number for i in questionnaire.items] == list(range(1, 11))
    types = {i.id: i.type for i in questionnaire.items}
    assert types["time_in_therapy"] == "duration"
    assert types["problem_areas"] == "multi_choice"
    assert types["earlier_help"] == "text"
    assert types["medication"] == "yes_no"
    age = questionnaire.item("age")
    assert (age.min, age.max) == (16, 120)
    assert all(i.prefer_not_to_say.value == "prefer_not_to_say" for i in questionnaire.items)
    assert all(not i.required for i in questionnaire.items)


def test_questionnaire_follow_ups(shipped) -> None:
    questionnaire = shipped.questionnaire
    diagnosis = questionnaire.item("diagnosis")
    assert [o.value for o in diagnosis.options] == ["yes", "no", "dont_know"]
    assert diagnosis.option("yes").details.label == "Which diagnosis?"
    assert diagnosis.option("no").details is None
    assert diagnosis.choices[-1].label == "Prefer not to say"
    medication = questionnaire.item("medication")
    assert [o.value for o in medication.choices] == ["yes", "no", "prefer_not_to_say"]
    assert medication.option("yes").details == medication.follow_up
    assert medication.follow_up.label == "Which medication?"
    problem_areas = questionnaire.item("problem_areas")
    assert len(problem_areas.options) == 12
    assert problem_areas.option("other").details.label


def test_interview_sections_scales_and_change_kinds(shipped) -> None:
    protocol = shipped.interview
    assert [s.id for s in protocol.sections] == SECTIONS
    assert protocol.section("changes").hosts_changes
    assert protocol.section("ratings").rates_changes
    assert protocol.section("ratings").questions  # the notes question
    assert [s.id for s in protocol.sections if s.hosts_changes or s.rates_changes] == [
        "changes",
        "ratings",
    ]
    assert [(k.id, k.rated) for k in protocol.change_kinds] == [
        ("improvement", True),
        ("worse", False),
        ("wanted", False),
    ]
    assert [s.id for s in protocol.rating_scales] == ["expectedness", "likelihood", "importance"]
    assert all(list(s.anchors) == [1, 2, 3, 4, 5] for s in protocol.rating_scales)
    assert protocol.scale("expectedness").anchor(4) == "Somewhat surprised"
    assert protocol.scale("importance").anchor(5) == "Extremely important"
    assert protocol.scale("importance").anchor(6) is None


def test_question_lookup(shipped) -> None:
    protocol = shipped.interview
    section, question = protocol.question("how-therapy-felt")
    assert (section.id, section.number) == ("general", 1)
    assert question.text == "How has therapy been for you so far?"
    assert "Anything else?" in question.prompts
    assert protocol.question("missing") is None
    assert protocol.section("missing") is None


def test_sha256_and_content_are_the_file(shipped) -> None:
    for instrument in shipped:
        raw = Path(instrument.source).read_bytes()
        assert instrument.sha256 == hashlib.sha256(raw).hexdigest()
        assert instrument.content.encode("utf-8") == raw
        assert parse_instrument(instrument.content, instrument.source) == instrument
    assert shipped.consent.ref() == {
        "id": "consent",
        "version": "1.0",
        "language": "en",
        "sha256": shipped.consent.sha256,
    }
    assert shipped.get("demographics") is shipped.questionnaire
    assert shipped.get("unknown") is None
    assert len({shipped.interview, parse_instrument(shipped.interview.content, "x")}) == 2


def test_instance_override_wins(tmp_path: Path, shipped) -> None:
    data = shipped_data("consent.yaml")
    data["version"] = "2.0"
    data["clauses"][0]["text"] = "The study's purpose was explained to me."
    path = write_override(tmp_path, "consent.yaml", data)

    instruments = load_instruments(tmp_path)

    assert instruments.consent.version == "2.0"
    assert instruments.consent.source == str(path)
    assert instruments.consent.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert instruments.consent.sha256 != shipped.consent.sha256
    assert instruments.consent.clause("purpose").text == "The study's purpose was explained to me."
    assert instruments.interview == shipped.interview


def translated_consent() -> str:
    """The shipped consent with a Slovenian title and first clause; the rest stays English."""
    data = shipped_data("consent.yaml")
    data["title"] = {"en": "Consent", "sl": "Soglasje"}
    data["clauses"][0]["text"] = {"en": "I was told the purpose.", "sl": "Seznanjen sem z namenom."}
    data["clauses"][1]["text"] = data["clauses"][1]["text"]["en"]  # one text in English only
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize(
    ("requested", "resolved", "title"),
    [
        (None, "en", "Consent"),
        ("en", "en", "Consent"),
        ("sl", "sl", "Soglasje"),
        ("sl_SI", "sl", "Soglasje"),
        ("de", "en", "Consent"),
    ],
)
def test_language_resolves_and_falls_back(requested, resolved, title) -> None:
    consent = parse_instrument(translated_consent(), "consent-sl.yaml", language=requested)
    assert consent.title == title
    assert consent.language == resolved
    assert consent.languages == ("en", "sl")
    assert consent.clause("voluntary").text.startswith("I take part voluntarily")


def test_yes_and_no_stay_text() -> None:
    """YAML 1.1 would turn an unquoted `no` into False; instrument files use YAML 1.2 booleans."""
    content = (DATA_DIR / "demographics.yaml").read_text(encoding="utf-8")
    content = content.replace('value: "no"', "value: no")
    questionnaire = parse_instrument(content, "demographics.yaml")
    assert questionnaire.item("diagnosis").option("no").label == "No"


@pytest.fixture
def cli_app(tmp_path: Path) -> Flask:
    """A bare Flask app whose instance folder is a temporary directory."""
    return Flask(__name__, instance_path=str(tmp_path))


def test_cli_check_effective_set(cli_app: Flask, tmp_path: Path, shipped) -> None:
    data = shipped_data("demographics.yaml")
    data["version"] = "1.1"
    path = write_override(tmp_path, "demographics.yaml", data)

    result = cli_app.test_cli_runner().invoke(instruments_cli, ["check"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 4
    consent = shipped.consent
    assert lines[0] == f"OK consent 1.0 {consent.sha256[:12]} {consent.source}"
    assert lines[3].startswith("OK demographics 1.1 ")
    assert lines[3].endswith(str(path))


def test_cli_check_files_stops_at_first_broken(cli_app: Flask, tmp_path: Path) -> None:
    good = DATA_DIR / "consent.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: consent\nkind: survey\nversion: '1'\nlanguage: en\n", encoding="utf-8")

    result = cli_app.test_cli_runner().invoke(instruments_cli, ["check", str(good), str(broken)])

    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("OK consent 1.0 ")
    assert f"{broken}: kind (line 2): unknown kind 'survey'" in result.output


def test_cli_check_file_needs_no_app() -> None:
    """A draft file can be checked even when the installation itself would not start."""
    result = CliRunner().invoke(instruments_cli, ["check", str(DATA_DIR / "consent.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK consent 1.0 ")


def test_cli_check_reports_broken_override(cli_app: Flask, tmp_path: Path) -> None:
    write_override(tmp_path, "typo.yaml", {**shipped_data("consent.yaml"), "id": "consnet"})
    result = cli_app.test_cli_runner().invoke(instruments_cli, ["check"])
    assert result.exit_code == 1
    assert "unknown instrument id 'consnet'" in result.output


def test_cli_list_marks_overrides(cli_app: Flask, tmp_path: Path) -> None:
    write_override(tmp_path, "consent.yaml", {**shipped_data("consent.yaml"), "version": "3"})
    result = cli_app.test_cli_runner().invoke(instruments_cli, ["list"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()}
    assert rows["consent"][2] == "3"
    assert rows["consent"][5] == "override"
    assert rows["change-interview"][5] == "shipped"


def test_check_file_refuses_unknown_id(tmp_path: Path) -> None:
    path = write_override(tmp_path, "x.yaml", {**shipped_data("consent.yaml"), "id": "consnet"})
    assert load_file(path).id == "consnet"  # the file itself is well-formed
    with pytest.raises(InstrumentError, match=r"x\.yaml: id: unknown instrument id 'consnet'"):
        check_file(path)
