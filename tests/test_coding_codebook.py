"""The codebook grows while coding: every change keeps the codings, the citation ids and a history."""

from __future__ import annotations

import pytest
from coding_helpers import add_analyst, code_named, code_passage, document_of, user
from factories import interviewed_participant
from helpers import post_form

from interview.coding.citations import Layer, layer_citations
from interview.coding.codebook_file import parse_codebook
from interview.coding.results import codebook_tree, coding_layer
from interview.extensions import db
from interview.instruments.errors import InstrumentError
from interview.models import Citation, Code, CodebookEvent


@pytest.fixture
def coded(app, client, auth):
    """Maja (analyst, logged in) has coded three passages of P01 with a code of her own."""
    add_analyst(app, "maja")
    interviewed_participant(app)
    assert auth.login("maja").status_code == 302
    with app.app_context():
        from interview.coding.codebook import create_code

        create_code("Feeling understood", user("maja"))
        code_passage("P01", "maja", "She understood me", "Feeling understood")
        code_passage("P01", "maja", "before I said it", "Acceptance")
        code_passage("P01", "maja", "She listened", "Feeling understood")
    return client


def change(client, code_id, action, **data):
    return post_form(
        client, f"/coding/codebook/{code_id}/{action}", data, token_from="/coding/codebook"
    )


def maja_citations():
    return {
        c.number: sorted(code.name for code in c.codes)
        for c in layer_citations(document_of("P01"), Layer.of_coder(user("maja").id))
    }


def actions():
    return [
        e.action for e in db.session.scalars(db.select(CodebookEvent).order_by(CodebookEvent.id))
    ]


def test_rename_define_move_retire_keep_every_coding_and_the_history(app, coded):
    with app.app_context():
        mine = code_named("Feeling understood").id
        category = code_named("Empathic attunement").id
    assert change(coded, mine, "rename", name="Being understood").status_code == 302
    assert (
        change(coded, mine, "define", definition="The client feels understood.").status_code == 302
    )
    assert change(coded, mine, "move", parent=str(category)).status_code == 302
    assert change(coded, mine, "retire").status_code == 302
    with app.app_context():
        code = db.session.get(Code, mine)
        assert (code.name, code.definition, code.parent_id, code.retired) == (
            "Being understood",
            "The client feels understood.",
            category,
            True,
        )
        assert maja_citations() == {
            1: ["Being understood"],
            2: ["Acceptance"],
            3: ["Being understood"],
        }
        assert actions() == ["seed", "create", "rename", "define", "move", "retire"]
    history = coded.get("/coding/codebook/history").get_data(as_text=True)
    for word in ("Renamed", "Feeling understood", "Being understood", "Moved", "Retired"):
        assert word in history


def test_merging_moves_the_codings_and_merges_overlaps_keeping_the_older_id(app, coded):
    with app.app_context():
        source, target = code_named("Acceptance").id, code_named("Feeling understood").id
    # "She understood me" (1, Feeling understood) and "before I said it" (2, Acceptance) touch but
    # do not overlap; a third passage overlapping both makes them one passage after the merge.
    with app.app_context():
        code_passage("P01", "maja", "me before", "Acceptance")
    assert change(coded, source, "merge", target=str(target)).status_code == 302
    with app.app_context():
        assert maja_citations() == {1: ["Feeling understood"], 3: ["Feeling understood"]}
        (survivor,) = [
            c
            for c in layer_citations(document_of("P01"), Layer.of_coder(user("maja").id))
            if c.number == 1
        ]
        assert survivor.quote == "She understood me before I said it"
        merged = db.session.get(Code, source)
        assert merged.retired and merged.merged_into_id == target
        holes = db.session.scalars(db.select(Citation).where(Citation.deleted_at.is_not(None)))
        # "me before" merged into 2 the moment it was made (no number); 2 then merged into 1.
        assert {c.number for c in holes} == {None, 2}
        assert actions()[-1] == "merge"
    # Citation ids do not move: the next new passage takes 4, never the hole 2.
    with app.app_context():
        code_passage("P01", "maja", "It felt safe", "Safety and trust")
        assert sorted(maja_citations()) == [1, 3, 4]


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("rename", {"name": "Acceptance"}, "There is already a code named Acceptance"),
        ("rename", {"name": "   "}, "could not be understood"),
        ("merge", {"target": "SELF"}, "Choose two different codes"),
        ("move", {"target": "x"}, "could not be understood"),
    ],
)
def test_refused_changes_say_why_and_change_nothing(app, coded, action, data, message):
    with app.app_context():
        mine = code_named("Feeling understood").id
        before = actions()
    data = {k: (str(mine) if v == "SELF" else v) for k, v in data.items()}
    response = change(coded, mine, action, **data)
    assert response.status_code == 302
    page = coded.get("/coding/codebook").get_data(as_text=True)
    assert message in page.replace("&#39;", "'")
    with app.app_context():
        assert actions() == before and maja_citations()[1] == ["Feeling understood"]


def test_a_code_cannot_go_under_its_own_child(app, coded):
    with app.app_context():
        parent, child = (
            code_named("Empathic attunement").id,
            code_named("The experience of contact").id,
        )
    change(coded, parent, "move", parent=str(child))
    assert "cannot go under itself" in coded.get("/coding/codebook").get_data(as_text=True)


def test_new_codes_from_the_codebook_page(app, coded):
    with app.app_context():
        category = code_named("Connection").id
    response = post_form(
        coded,
        "/coding/codebook/new",
        {"name": "Reliability", "parent": str(category)},
        token_from="/coding/codebook",
    )
    assert response.status_code == 302
    with app.app_context():
        assert code_named("Reliability").parent_id == category


def test_results_read_the_layers_and_the_tree(app, coded):
    with app.app_context():
        rows = coding_layer("maja")
        assert [r.citation_id for r in rows] == ["1:1", "1:2", "1:3"]
        assert rows[0].quote == "She understood me" and rows[0].participant_code == "P01"
        tree = codebook_tree()
        assert [n["name"] for n in tree[:6]] == [
            "Empathic attunement",
            "Acceptance",
            "Safety and trust",
            "Connection",
            "A new relational experience",
            "Match",
        ]
        assert len(tree[0]["children"]) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id: x\nkind: codebook\nversion: '1'\nlanguage: en\ntitle: T\n",
            "required key is missing",
        ),
        (
            "id: x\nkind: codebook\nversion: '1'\nlanguage: en\ntitle: T\ncategories:\n  - id: a\n    name: A\n    colour: red\n",
            "'red' is not a colour",
        ),
        (
            "id: x\nkind: codebook\nversion: '1'\nlanguage: en\ntitle: T\ncategories:\n  - id: a\n    name: A\n  - id: a\n    name: B\n",
            "duplicate code id 'a'",
        ),
        (
            "id: x\nkind: codebook\nversion: '1'\nlanguage: en\ntitle: T\ncategories:\n  - id: a\n    nmae: A\n",
            "unknown key 'nmae'",
        ),
    ],
)
def test_a_broken_codebook_file_names_file_place_and_problem(text, message):
    with pytest.raises(InstrumentError) as error:
        parse_codebook(text, "codebook.yaml")
    assert message in str(error.value) and str(error.value).startswith("codebook.yaml: ")


def test_the_codebook_file_has_texts_per_language(tmp_path):
    text = (
        "id: x\nkind: codebook\nversion: '2'\nlanguage: en\ntitle: {en: T, sl: N}\n"
        "categories:\n  - id: a\n    name: {en: Acceptance, sl: Sprejemanje}\n"
    )
    assert parse_codebook(text, "f", "sl").categories[0].name == "Sprejemanje"
    assert parse_codebook(text, "f", "en").categories[0].name == "Acceptance"


def test_an_instance_codebook_replaces_the_shipped_one(instance_path):
    from helpers import base_config

    from interview import create_app

    (instance_path / "codebook.yaml").write_text(
        "id: mine\nkind: codebook\nversion: '3'\nlanguage: en\ntitle: T\ncategories:\n  - id: a\n    name: Only one\n"
    )
    app = create_app(base_config(instance_path))
    with app.app_context():
        assert [n["name"] for n in codebook_tree()] == ["Only one"]
        # The session's connection goes back first: disposing under it leaves it open (PostgreSQL).
        db.session.remove()
        db.engine.dispose()
