"""Table 1 (CC / CT), its matrix and the citations report, on the cohort's reconciled layer.

Hand counts over tests/analysis_helpers.py study_citations(), analysed participants P01-P18
(P19 declined and P20 withdrew: their citations 19:1 and 20:1 count nowhere):

- 1 Empathic attunement: 1:3 1:7 1:9 2:4 2:5 3:2 5:39 5:40 17:1 -> CC 9; CT P01 P02 P03 P05 P17 = 5
  (1:9 carries 1.1 and 1.2, 2:5 carries 1 and 1.1: each counts once for category 1).
  1.1: 1:3 1:9 2:5 17:1 -> CC 4, CT 3 (P01 P02 P17); 1.2: 1:7 1:9 -> 2, 1; 1.3: 3:2 -> 1, 1;
  1.4: 5:39 5:40 -> 2, 1.
- 2 Acceptance: 1:12 4:1 4:2 4:3 6:8 -> CC 5, CT 3 (P01 P04 P06).
- 3 Safety and trust: 4:3 7:2 8:5 8:6 -> CC 4, CT 3 (P04 P07 P08).
- 4 Connection: 9:1 10:2 -> CC 2, CT 2 (10:2 is listed twice, once per code: one citation).
- 5 A new relational experience: 10:2 11:4 -> CC 2, CT 2.
- 6 Match: 12:1 12:2 12:3 14:2 -> CC 4, CT 2 (13:1 has only a deleted code: nowhere).
- Total: 9 + 5 + 3 (4:3 already counted) + 2 + 1 (10:2 already counted) + 4 = 24 citations, from
  14 participants (P01-P12, P14 and P17); the CCs add up to 26 because 4:3 and 10:2 sit in two
  categories.
"""

from __future__ import annotations

import csv
import io

import pytest
from analysis_helpers import TABLE1, cite, cohort_records, study_codebook, study_layer

from interview.analysis.citations import AnalysisError, citations_report
from interview.analysis.formats import citations_csv, table_csv, table_json
from interview.analysis.layers import Code, Codebook, CodingLayer
from interview.analysis.table1 import build_table1


def participants(numbers=range(1, 19)) -> dict[int, str]:
    """The analysed participants: number -> code."""
    return {n: f"P{n:02d}" for n in numbers}


@pytest.fixture
def table():
    return build_table1(study_layer(), participants())


def test_table1_of_the_cohort(table):
    assert [(r.number, r.name, r.cc, r.ct) for r in table.rows] == TABLE1
    assert table.total == 24
    assert table.coded_participants == 14
    assert sum(row.cc for row in table.categories) == 26


def test_the_matrix_ct_is_counted_from(table):
    assert table.participants == tuple(f"P{n:02d}" for n in range(1, 19))
    row = dict(zip(table.participants, table.matrix["c1"], strict=True))
    assert {code: n for code, n in row.items() if n} == {
        "P01": 3,
        "P02": 2,
        "P03": 1,
        "P05": 2,
        "P17": 1,
    }
    for category in table.categories:
        assert sum(1 for n in table.matrix[category.code_id] if n) == category.ct
        assert sum(table.matrix[category.code_id]) == category.cc


def layer_of(*citations) -> CodingLayer:
    return CodingLayer("test", study_codebook(), citations)


def test_subcategory_citations_roll_up_into_their_category():
    table = build_table1(layer_of(cite("1:1", "c1.3"), cite("1:2", "c1.4")), participants())
    assert (table.row("c1").cc, table.row("c1.3").cc, table.row("c1.4").cc) == (2, 1, 1)
    assert table.row("c1.1").cc == 0


def test_a_citation_with_two_codes_of_one_category_counts_once_for_it():
    table = build_table1(layer_of(cite("1:1", "c1.1", "c1.2", "c1")), participants())
    assert table.row("c1").cc == 1
    assert (table.row("c1.1").cc, table.row("c1.2").cc) == (1, 1)
    assert table.total == 1


def test_ct_counts_participants_not_citations():
    many = [cite(f"3:{n}", "c2") for n in range(1, 11)]
    table = build_table1(layer_of(*many, cite("4:1", "c2")), participants())
    assert (table.row("c2").cc, table.row("c2").ct) == (11, 2)


def test_a_deeper_code_counts_for_its_subcategory_and_category():
    codebook = Codebook(
        (Code("a", "A"), Code("a1", "A one", parent="a"), Code("a1x", "A one x", parent="a1"))
    )
    table = build_table1(CodingLayer("t", codebook, (cite("1:1", "a1x"),)), participants())
    assert [(r.number, r.cc, r.ct) for r in table.rows] == [("1", 1, 1), ("1.1", 1, 1)]


def test_a_broken_codebook_counts_the_broken_codes_nowhere():
    codebook = Codebook(
        (
            Code("a", "A"),
            Code("x", "X", parent="y"),
            Code("y", "Y", parent="x"),
            Code("z", "Z", parent="gone"),
        )
    )
    layer = CodingLayer("t", codebook, (cite("1:1", "x"), cite("1:2", "z"), cite("1:3", "a")))
    table = build_table1(layer, participants())
    assert [(r.number, r.cc) for r in table.rows] == [("1", 1)]
    assert table.total == 1


def test_participants_not_analysed_vanish_from_every_figure():
    """P20 (withdrawn) and P19 (declined) are not among the analysed participants."""
    layer = layer_of(cite("20:1", "c2"), cite("19:1", "c2"), cite("2:1", "c2"))
    table = build_table1(layer, participants())
    assert (table.row("c2").cc, table.row("c2").ct, table.total) == (1, 1, 1)
    assert "P20" not in table.participants
    report = citations_report(layer, cohort_records())
    assert [c.id for c in report.categories[1].citations] == ["2:1"]


def test_an_empty_layer():
    table = build_table1(CodingLayer("reconciled"), participants())
    assert (table.rows, table.total, table.coded_participants) == ((), 0, 0)
    assert table_csv(table) == b"category,subcategory,cc,ct\r\nTotal coded citations,,0,0\r\n"


def test_table1_csv_columns_and_rows(table):
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8"))))
    assert rows[0] == ["category", "subcategory", "cc", "ct"]
    assert rows[1] == ["Empathic attunement", "", "9", "5"]
    assert rows[2] == ["Empathic attunement", "The therapist's emotional attunement", "4", "3"]
    assert rows[6] == ["Acceptance", "", "5", "3"]
    assert rows[-1] == ["Total coded citations", "", "24", "14"]
    assert len(rows) == 1 + len(TABLE1) + 1


def test_table1_json_nests_the_subcategories(table):
    data = table_json(table)
    first = data["categories"][0]
    assert (first["name"], first["cc"], first["ct"]) == ("Empathic attunement", 9, 5)
    assert [(s["number"], s["cc"], s["ct"]) for s in first["subcategories"]] == [
        ("1.1", 4, 3),
        ("1.2", 2, 1),
        ("1.3", 1, 1),
        ("1.4", 2, 1),
    ]
    assert (data["total"], data["coded_participants"]) == (24, 14)
    assert data["matrix"]["rows"]["c6"][11] == 3  # P12's three citations of Match


def test_the_citations_report():
    report = citations_report(study_layer(), cohort_records())
    assert report.attributes == (("gender", "Gender"), ("age", "Age"))
    first = report.categories[0]
    assert (first.number, first.name, first.definition) == (
        "1",
        "Empathic attunement",
        "The therapist attunes to the client.",
    )
    assert [c.id for c in first.citations] == [
        "1:3",
        "1:7",
        "1:9",
        "2:4",
        "2:5",
        "3:2",
        "5:39",
        "5:40",
        "17:1",
    ]
    quote = next(c for c in first.citations if c.id == "5:39")
    assert (quote.participant, quote.attributes, quote.subcategories) == (
        "P05",
        ("Female", "29"),
        ("The experience of contact",),
    )
    assert quote.text == "She noticed how I felt before I said it."
    both = next(c for c in first.citations if c.id == "1:9")
    assert both.subcategories == (
        "The therapist's emotional attunement",
        "Understanding the client's experience",
    )
    assert [c.id for c in report.categories[2].citations] == ["4:3", "7:2", "8:5", "8:6"]


def test_citations_of_one_category_by_id_or_number_with_chosen_attributes():
    by_number = citations_report(
        study_layer(), cohort_records(), category="6", attributes=["employment"]
    )
    assert [c.name for c in by_number.categories] == ["Match"]
    assert [(c.id, c.attributes) for c in by_number.categories[0].citations] == [
        ("12:1", ("Employed",)),
        ("12:2", ("Employed",)),
        ("12:3", ("Employed",)),
        ("14:2", ("Employed",)),
    ]
    by_id = citations_report(study_layer(), cohort_records(), category="c6")
    assert (
        by_id.categories
        == citations_report(study_layer(), cohort_records(), category="6").categories
    )


def test_citations_csv():
    report = citations_report(study_layer(), cohort_records(), category="c1", attributes=["age"])
    rows = list(csv.reader(io.StringIO(citations_csv(report).decode("utf-8"))))
    assert rows[0] == ["category", "subcategory", "citation", "participant", "age", "text"]
    assert rows[7] == [
        "Empathic attunement",
        "The experience of contact",
        "5:39",
        "P05",
        "29",
        "She noticed how I felt before I said it.",
    ]
    assert rows[-1][2:5] == ["17:1", "P17", "40"]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({"category": "9"}, "There is no category 9."),
        ({"attributes": ["shoe_size"]}, "No questionnaire item is called shoe_size."),
    ],
)
def test_unknown_category_or_attribute_is_named(choices, message):
    with pytest.raises(AnalysisError, match=message):
        citations_report(study_layer(), cohort_records(), **choices)
