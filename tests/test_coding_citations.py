"""Coded passages as services: numbering, the overlap rule, frozen ids, undo and replays."""

from __future__ import annotations

import pytest
from coding_helpers import (
    add_analyst,
    code_named,
    code_passage,
    document_of,
    op,
    user,
)
from factories import interviewed_participant

from interview.coding.citations import CodingError, Layer, layer_citations
from interview.coding.operations import apply_operation
from interview.extensions import db
from interview.models import Citation


@pytest.fixture
def coded(app):
    """P01 with typed answers, and two analysts."""
    add_analyst(app, "maja")
    add_analyst(app, "tine")
    code = interviewed_participant(app)
    with app.app_context():
        yield code


def live(coder: str, code: str = "P01") -> list[Citation]:
    return layer_citations(document_of(code), Layer.of_coder(user(coder).id))


def numbers(coder: str) -> list[int]:
    return sorted(c.number for c in live(coder))


def run(coder: str, kind: str, **fields):
    operation = op(kind, **fields)
    return apply_operation(
        document_of("P01"), Layer.of_coder(user(coder).id), user(coder), operation
    )


def test_numbers_follow_creation_order_shared_by_coders_and_deleting_leaves_a_hole(coded):
    code_passage(coded, "maja", "It felt safe", "Safety and trust")
    second = code_passage(coded, "maja", "She listened", "Empathic attunement")
    code_passage(coded, "tine", "I could trust her", "Safety and trust")
    assert numbers("maja") == [1, 2] and numbers("tine") == [3]
    run("maja", "delete", citation=second)
    code_passage(coded, "maja", "She understood me", "Acceptance")
    assert numbers("maja") == [1, 4]


def test_overlapping_passages_of_one_code_by_one_coder_merge_into_the_older(coded):
    first = code_passage(coded, "maja", "It felt safe", "Safety and trust")
    code_passage(coded, "maja", "safe from the start", "Safety and trust")
    (merged,) = live("maja")
    assert merged.guid == first and merged.number == 1
    assert merged.quote == "It felt safe from the start"
    assert merged.quote == document_of(coded).text[merged.start : merged.end]
    # The second passage never took a number: the next one is 2.
    code_passage(coded, "maja", "She listened", "Empathic attunement")
    assert numbers("maja") == [1, 2]


def test_overlaps_with_other_codes_or_of_another_coder_stay_apart(coded):
    code_passage(coded, "maja", "It felt safe", "Safety and trust")
    code_passage(coded, "maja", "felt safe from", "Acceptance")
    code_passage(coded, "tine", "It felt safe", "Safety and trust")
    assert numbers("maja") == [1, 2] and numbers("tine") == [3]


def test_a_passage_bridging_two_merges_all_three_and_the_lowest_id_survives(coded):
    code_passage(coded, "maja", "It felt", "Safety and trust")
    code_passage(coded, "maja", "the start", "Safety and trust")
    code_passage(coded, "maja", "felt safe from the", "Safety and trust")
    (merged,) = live("maja")
    assert merged.number == 1 and merged.quote == "It felt safe from the start"
    hole = db.session.scalar(db.select(Citation).filter_by(number=2))
    assert hole.deleted_at is not None and hole.merged_into_id == merged.id


def test_ids_stay_frozen_through_recoding_extending_memos_and_deletes(coded):
    guid = code_passage(coded, "maja", "She listened", "Empathic attunement")
    other = code_passage(coded, "maja", "I could trust her", "Safety and trust")
    text = document_of(coded).text
    start = text.index("It felt safe")
    end = text.index("She listened") + len("She listened")
    run("maja", "span", citation=guid, start=start, end=end, quote=text[start:end])
    run("maja", "codes", citation=guid, codes=(code_named("Acceptance").guid,))
    run("maja", "memo", citation=guid, memo="Felt met.")
    run("maja", "delete", citation=other)
    (kept,) = live("maja")
    assert (kept.guid, kept.number, kept.memo) == (guid, 1, "Felt met.")
    assert [c.name for c in kept.codes] == ["Acceptance"]
    assert kept.quote == text[start:end]


def test_undo_puts_back_the_last_change_step_by_step(coded):
    first = code_passage(coded, "maja", "It felt safe", "Safety and trust")
    code_passage(coded, "maja", "safe from the start", "Safety and trust")
    run("maja", "memo", citation=first, memo="A memo")
    run("maja", "undo")
    assert live("maja")[0].memo == ""
    run("maja", "undo")  # the merge is undone: one passage, as before
    (only,) = live("maja")
    assert only.quote == "It felt safe" and only.number == 1
    run("maja", "undo")
    assert live("maja") == []
    assert run("maja", "undo")["nothing"] is True


def test_a_replayed_request_changes_nothing_and_answers_the_same(coded):
    text = document_of(coded).text
    start = text.index("She listened")
    operation = op(
        "create",
        citation="0f8fad5b-d9cb-469f-a165-70867728950e",
        start=start,
        end=start + 12,
        quote="She listened",
        codes=(code_named("Acceptance").guid,),
    )
    layer, maja = Layer.of_coder(user("maja").id), user("maja")
    first = apply_operation(document_of(coded), layer, maja, operation)
    again = apply_operation(document_of(coded), layer, maja, operation)
    assert first == again and numbers("maja") == [1]


@pytest.mark.parametrize(
    ("start", "end", "quote"),
    [(0, 5, "It fx"), (3, 3, ""), (-1, 4, "x"), (0, 10_000, "It felt")],
)
def test_a_quote_that_is_not_the_text_at_its_offsets_is_refused(coded, start, end, quote):
    with pytest.raises(CodingError):
        run(
            "maja",
            "create",
            citation="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            start=start,
            end=end,
            quote=quote,
            codes=(code_named("Acceptance").guid,),
        )
    assert live("maja") == []
