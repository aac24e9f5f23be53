"""Round trip: export, code in "another tool" (CRLF, no dates, new code), import, Table 1."""

from __future__ import annotations

import pytest
from coding_helpers import add_analyst, user
from exchange_helpers import assert_valid, coded_study, other_tool, project_schema

from interview.analysis.services import load_results
from interview.cli import cli
from interview.coding.citations import Layer, layer_citations, stored_document
from interview.exchange.exports import export_project
from interview.extensions import db
from interview.models import Citation, Code, Participant

# What tine coded in the other tool: (participant, exact words, codes).
TINE = [
    ("P01", "Zaupala sem ji", ("Safety and trust",)),
    ("P01", "She understood me", ("The therapist's emotional attunement",)),
    ("P01", "topla 🙂", ("Acceptance",)),
    ("P01", "čeprav je bilo težko.\nShe understood", ("Acceptance",)),
    ("P02", "She listened again", ("Empathic attunement", "Being heard")),
    ("P02", "brez strahu", ("Acceptance",)),
]


def tine_layer() -> set[tuple[str, str, frozenset[str]]]:
    """tine's live citations: (participant, quote, code names)."""
    found = set()
    for participant in db.session.scalars(db.select(Participant)):
        document = stored_document(participant)
        if document is None:
            continue
        for citation in layer_citations(document, Layer.of_coder(user("tine").id)):
            assert document.text[citation.start : citation.end] == citation.quote
            names = frozenset(code.name for code in citation.codes)
            found.add((participant.code, citation.quote, names))
    return found


@pytest.fixture
def exported(app):
    """The synthetic study exported without codings, tine an analyst of the tool."""
    coded_study(app)
    add_analyst(app, "tine")
    with app.app_context():
        return export_project("none", "maja").data


@pytest.mark.parametrize(
    "way",
    [
        {"crlf_two": True},
        {"crlf_two": False, "qde_name": "Study.qde", "sources_dir": "sources"},
        {"crlf_two": True, "bom": True},
        {"crlf_two": False, "prefix": "Transcribed in another tool.\n\n"},
    ],
    ids=["crlf-as-two", "crlf-as-one-atlas-names", "bom", "text-edited"],
)
def test_codings_made_in_another_tool_come_back_at_exactly_those_words(
    app, runner, exported, tmp_path, way
):
    path = tmp_path / "back.qdpx"
    path.write_bytes(other_tool(exported, TINE, **way))
    result = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert result.exit_code == 0, result.output
    assert "Imported 6 codings as the layer of tine" in result.output
    with app.app_context():
        assert tine_layer() == {(p, q, frozenset(c)) for p, q, c in TINE}
        heard = db.session.scalar(db.select(Code).filter_by(name="Being heard"))
        parent = db.session.get(Code, heard.parent_id)
        assert parent.name == "Empathic attunement"


def test_the_imported_layer_gives_the_table_1_it_implies(app, runner, exported, tmp_path):
    path = tmp_path / "back.qdpx"
    path.write_bytes(other_tool(exported, TINE))
    assert runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"]).exit_code == 0
    with app.app_context():
        table = load_results("tine").table
        figures = {row.name: (row.cc, row.ct) for row in table.categories}
        citations = load_results("tine").citations
    assert figures["Empathic attunement"] == (2, 2)
    assert figures["Acceptance"] == (3, 2)
    assert figures["Safety and trust"] == (1, 1)
    assert figures["Connection"] == (0, 0)
    assert table.total == 6
    assert citations is not None


def test_a_dry_run_reports_and_changes_nothing_and_a_second_import_adds_nothing(
    app, runner, exported, tmp_path
):
    path = tmp_path / "back.qdpx"
    path.write_bytes(other_tool(exported, TINE, extra_source=True))
    dry = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would import 6 codings" in dry.output and "Pilot" in dry.output
    assert "Being heard: new code" in dry.output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Citation.id))) == 4
        assert db.session.scalar(db.select(Code).filter_by(name="Being heard")) is None
    strict = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine", "--strict"])
    assert strict.exit_code != 0 and "nothing was imported" in strict.output
    first = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert first.exit_code == 0 and "Skipped, matching no participant: Pilot" in first.output
    again = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert "Imported 0 codings" in again.output and "imported before: 6" in again.output
    with app.app_context():
        assert len(tine_layer()) == 6


def test_a_selection_whose_words_cannot_be_told_apart_is_reported_not_attached(
    app, runner, exported, tmp_path
):
    # The tool's P02 text says "She listened." twice; ours has "She listened" twice as well, but
    # with other words around it: neither place can be told to be the one coded, so none is.
    path = tmp_path / "back.qdpx"
    odd = [("P02", "She listened", ("Acceptance",)), ("P01", "Terapevtka", ("Acceptance",))]
    texts = {"P02": "She listened. Later: she listened."}
    path.write_bytes(other_tool(exported, odd, crlf_two=False, replace=texts))
    result = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 coding as" in result.output
    assert "Not imported: 1 selection\n" in result.output
    assert "its text was not found in ours" in result.output
    with app.app_context():
        assert tine_layer() == {("P01", "Terapevtka", frozenset({"Acceptance"}))}


def test_the_reexported_project_with_the_imported_layer_validates(app, runner, exported, tmp_path):
    path = tmp_path / "back.qdpx"
    path.write_bytes(other_tool(exported, TINE))
    runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    with app.app_context():
        from exchange_helpers import members

        qde = members(export_project("tine", "tine").data)["project.qde"]
    assert_valid(project_schema(), qde)


def test_an_import_into_a_layer_with_codings_merges_under_the_overlap_rule(
    app, runner, exported, tmp_path
):
    # maja coded "Počutila sem se varno" as Safety and trust; her import of an overlapping
    # passage with that code joins it (one passage, its id kept), another code stays apart.
    path = tmp_path / "back.qdpx"
    more = [
        ("P01", "se varno. Terapevtka", ("Safety and trust",)),
        ("P01", "Zaupala sem ji", ("Acceptance",)),
    ]
    path.write_bytes(other_tool(exported, more))
    result = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "maja"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        document = stored_document(db.session.scalar(db.select(Participant).filter_by(code="P01")))
        citations = layer_citations(document, Layer.of_coder(user("maja").id))
        quotes = {c.quote: (c.number, {k.name for k in c.codes}) for c in citations}
    assert quotes["Počutila sem se varno. Terapevtka"] == (1, {"Safety and trust"})
    assert quotes["Zaupala sem ji"][1] == {"Acceptance"}
