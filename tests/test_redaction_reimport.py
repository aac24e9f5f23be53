"""Codings made in another tool on the redacted project come back onto the original words.

The project every research export gives is redacted: a second coder who codes it in MAXQDA or
ATLAS.ti selects "[PERSON 2] was kind", never "Petra was kind". Importing their project finds each
selection in the redacted text as we wrote it (or, when the tool changed the text, by its quote
there) and carries it back through the label map: a label held even in part becomes the whole
term. Exporting the imported layer again quotes their words as they saw them.
"""

from __future__ import annotations

import pytest
from coding_helpers import add_analyst, user
from exchange_helpers import other_tool, qdpx_sources, source_texts
from factories import named_participant
from redaction_helpers import the

from interview.cli import cli
from interview.coding.citations import Layer, layer_citations, stored_document
from interview.exchange.exports import export_project

# What tine coded in the redacted P08: (what they selected, the original words it stands for,
# the code: a code of its own each, as overlapping passages of one code would merge).
TINE = [
    ("[PERSON 2] was kind", "Petra was kind", "Acceptance"),
    ("drove to [PLACE 1] and [PERSON 3]", "drove to Kranj and Mojca", "Safety and trust"),
    ("ERSON 3] felt brave", "Mojca felt brave", "Connection"),  # it cuts into the label
    ("felt brave", "felt brave", "Being heard"),  # no label near it
]


def tines_selections(count: int = len(TINE)) -> list[tuple[str, str, tuple[str, ...]]]:
    """The first `count` of tine's selections as `other_tool` takes them."""
    return [("P08", selected, (code,)) for selected, _words, code in TINE[:count]]


@pytest.fixture
def redacted_project(app) -> bytes:
    """P08, who names Petra, Mojca and Kranj, exported as the redacted project; tine an analyst."""
    add_analyst(app, "maja")
    add_analyst(app, "tine")
    with app.test_request_context():
        named_participant(8, "en")
    with app.app_context():
        return export_project("none", "maja").data


def tine_quotes() -> list[str]:
    """tine's live citations in P08, by their words in our (original) document."""
    document = stored_document(the("P08"))
    citations = layer_citations(document, Layer.of_coder(user("tine").id))
    for citation in citations:
        assert document.text[citation.start : citation.end] == citation.quote
    return sorted(citation.quote for citation in citations)


def import_back(runner, path) -> str:
    """`interview import qdpx` as tine; its report."""
    result = runner.invoke(cli, ["import", "qdpx", str(path), "--coder", "tine"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("prefix", "found_by_quote"),
    [("", 0), ("Transcribed in another tool.\n\n", len(TINE))],
    ids=["as-exported", "text-edited"],
)
def test_codings_on_the_redacted_project_come_back_on_the_original_words(
    app, runner, redacted_project, tmp_path, prefix, found_by_quote
):
    assert "[PERSON 2] was kind" in source_texts(redacted_project)["P08"]
    path = tmp_path / "coded.qdpx"
    path.write_bytes(other_tool(redacted_project, tines_selections(), prefix=prefix))
    report = import_back(runner, path)
    assert (
        f"Imported {len(TINE)} codings as the layer of tine ({found_by_quote} found by their "
        "quoted text)." in report
    )
    assert "Not imported" not in report
    with app.app_context():
        assert tine_quotes() == sorted(words for _selected, words, _code in TINE)


def test_the_imported_layer_exports_redacted_as_it_was_coded(
    app, runner, redacted_project, tmp_path
):
    path = tmp_path / "coded.qdpx"
    path.write_bytes(other_tool(redacted_project, tines_selections(2)))
    import_back(runner, path)
    with app.app_context():
        again = export_project("tine", "maja").data
    text = source_texts(again)["P08"]
    _text, quotes = qdpx_sources(again)["P08"]
    assert sorted(quotes) == sorted(selected for selected, _words, _code in TINE[:2])
    assert "Petra" not in text and "Kranj" not in text
