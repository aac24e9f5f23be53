"""Table 1 from the coding workbench itself: what an analyst codes is what the Results count."""

from __future__ import annotations

from coding_helpers import add_analyst, code_passage
from factories import interviewed_participant

from interview.analysis.layers import coding_layer, layer_names
from interview.analysis.services import load_results


def test_a_coders_layer_reaches_table1_with_roll_up_and_one_count_per_category(app):
    add_analyst(app, "maja")
    code = interviewed_participant(app)
    with app.app_context():
        code_passage(code, "maja", "It felt safe from the start.", "Safety and trust")
        code_passage(code, "maja", "She listened.", "The experience of contact")
        code_passage(
            code,
            "maja",
            "She understood me before I said it.",
            "Understanding the client's experience",
            "The therapist's emotional attunement",
        )
        assert layer_names() == ["reconciled", "maja"]
        layer = coding_layer("maja")
        assert sorted(c.id for c in layer.citations) == ["1:1", "1:2", "1:3"]
        table = load_results("maja").table
    by_name = {row.name: row for row in table.rows}
    # Two citations under empathic attunement (one through two of its subcategories: once).
    assert (by_name["Empathic attunement"].cc, by_name["Empathic attunement"].ct) == (2, 1)
    assert by_name["Understanding the client's experience"].cc == 1
    assert (by_name["Safety and trust"].cc, by_name["Safety and trust"].ct) == (1, 1)
    assert by_name["Acceptance"].cc == 0
    assert table.total == 3


def test_an_unknown_layer_is_empty(app):
    with app.app_context():
        assert coding_layer("nobody").citations == ()
