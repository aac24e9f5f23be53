"""The command line's reports built inside services, in the study's language (LANGUAGE = sl)."""

from __future__ import annotations

from pathlib import Path

from coding_helpers import add_analyst
from exchange_helpers import coded_study, other_tool

from interview.cli import cli
from interview.exchange.exports import export_project

# tine's codings in the other tool: one found, one whose text is not in ours, one with a code
# the tool added ("Being heard"); the extra source "Pilot" matches no participant.
CODINGS = [
    ("P01", "Zaupala sem ji", ("Safety and trust",)),
    ("P02", "She listened again", ("Empathic attunement", "Being heard")),
    ("P02", "She listened", ("Acceptance",)),
]
# Every English sentence and phrase the import report can print.
ENGLISH = (
    "Would import",
    "Imported",
    "coding",
    "found by their quoted text",
    "Sources matched",
    "Codebook:",
    "codes matched",
    "new code",
    "by GUID",
    "by name",
    "Skipped",
    "matching no participant",
    "imported before",
    "Not imported",
    "selection",
    "its text was not found",
    "no code",
    "no text to code",
)


def slovenian_import(app, runner, tmp_path: Path) -> Path:
    """A Slovenian study, and a project coded in another tool to import into it."""
    coded_study(app)
    add_analyst(app, "tine")
    with app.app_context():
        exported = export_project("none", "maja").data
    app.config["LANGUAGE"] = "sl"
    path = tmp_path / "back.qdpx"
    texts = {"P02": "She listened again. Later: she listened."}
    path.write_bytes(other_tool(exported, CODINGS, extra_source=True, replace=texts))
    return path


def test_the_import_report_speaks_slovenian(app, runner, tmp_path):
    path = slovenian_import(app, runner, tmp_path)
    command = ["import", "qdpx", str(path), "--coder", "tine"]

    dry = runner.invoke(cli, [*command, "--dry-run"])
    imported = runner.invoke(cli, command)
    again = runner.invoke(cli, [*command, "--dry-run"])

    assert dry.exit_code == imported.exit_code == again.exit_code == 0, dry.output
    assert dry.output.startswith("Uvoženi bi bili 2 kodiranji kot plast uporabnika tine")
    assert "Ujemajočih se virov: 3\n" in dry.output and "(po GUID-u)" in dry.output
    assert "Knjiga kod: ujemajočih se kod: " in dry.output
    assert "Being heard: nova koda" in dry.output
    assert "Preskočeno, ker ne ustreza nobenemu udeležencu: Pilot" in dry.output
    assert "Ni uvožen: 1 izbor\n" in dry.output
    assert "njegovega besedila v našem ni bilo mogoče najti" in dry.output
    assert imported.output.startswith("Uvoženi sta 2 kodiranji")
    assert "Preskočeno, ker je bilo uvoženo že prej: 2 kodiranji" in again.output
    for output in (dry.output, imported.output, again.output):
        left = [english for english in ENGLISH if english in output]
        assert not left, (left, output)


def test_a_broken_instrument_is_reported_in_slovenian(app, runner):
    app.config["LANGUAGE"] = "sl"
    folder = Path(app.instance_path) / "instruments"
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "consent.yaml"
    broken.write_text("id: consent\nkind: consent\nversion: '2'\nlanguage: english\n")

    result = runner.invoke(cli, ["instruments", "check"])

    assert result.exit_code != 0
    problem = "language (vrstica 4): »english« ni jezikovna koda, kot sta »en« ali »sl«"
    assert f"{broken}: {problem}" in result.output
    assert "is not a language code" not in result.output and "line" not in result.output


def test_a_broken_instrument_is_reported_in_english_without_an_app(runner, tmp_path):
    broken = tmp_path / "consent.yaml"
    broken.write_bytes(b"id: consent\nkind: \xff\n")

    result = runner.invoke(cli, ["instruments", "check", str(broken)])

    assert result.exit_code != 0
    assert f"{broken}: byte 18: the file is not UTF-8 text" in result.output
