"""The redaction list's services and reads: terms, decisions, the waiver, the export gate."""

from __future__ import annotations

import re

import pytest
from erasure_helpers import delete, places_holding, withdraw
from factories import NAME, interviewer, participant_saying
from helpers import TEST_DATABASE_URL
from redaction_helpers import decisions_of, redaction_events, terms_of, use_fake_suggestions

from interview.extensions import db
from interview.models import RedactionTerm
from interview.redaction.gate import UnreviewedSuggestions, require_reviewed
from interview.redaction.matching import Redactor, Term
from interview.redaction.review import (
    Masker,
    fold,
    hits_in_context,
    pending_counts,
    pending_suggestions,
)
from interview.redaction.store import (
    RedactionError,
    RedactionRefused,
    accept_all,
    add_term,
    decide,
    dismiss_all,
    remove_term,
    waive,
)

LABEL = re.compile(r"^\[PERSON \d+\]$")
ERASE = {"delete": delete, "withdraw": withdraw}


@pytest.fixture
def saying(app, monkeypatch):
    """P05 naming Petra (twice) and Vrhnika beside the consent name; capitalised words suggested."""
    use_fake_suggestions(monkeypatch)
    with app.app_context():
        yield participant_saying()


def row_count() -> int:
    return db.session.scalar(db.select(db.func.count(RedactionTerm.id)))


def test_a_term_is_stored_nfc_trimmed_and_folded(saying):
    term = add_term(saying, "  Mari\u0301ja   Kos ", "person", interviewer())
    assert (term.text, term.folded, term.kind) == ("Maríja Kos", "maríja kos", "person")
    assert term.participant_id == saying.id
    study = add_term(None, "Klinika Vrhnika", "organisation", interviewer("admin"))
    assert study.participant_id is None
    assert terms_of(None) == [("Klinika Vrhnika", "organisation")]


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("P", "person", "2 to 200 characters"),
        ("x" * 201, "person", "2 to 200 characters"),
        ("   ", "person", "2 to 200 characters"),
        ("Petra", "relative", "Choose one of the kinds"),
        ("PETRA", "place", "already on the list"),  # Petra is listed: capitals do not matter
        ("klinika", "other", "already on the list"),  # on the study's list
        ("Pe\x00tra", "person", "control character"),
    ],
)
def test_a_bad_term_is_refused_with_a_message_and_nothing_changes(saying, text, kind, message):
    add_term(saying, "Petra", "person", interviewer())
    add_term(None, "Klinika", "organisation", interviewer())
    before, events = row_count(), len(redaction_events())
    with pytest.raises(RedactionError, match=message):
        add_term(saying, text, kind, interviewer())
    db.session.rollback()
    assert row_count() == before and len(redaction_events()) == events


def test_a_study_term_is_listed_once(saying):
    add_term(None, "Klinika", "organisation", interviewer())
    with pytest.raises(RedactionError, match="already on the list"):
        add_term(None, "KLINIKA", "place", interviewer())


def test_removing_a_term_and_an_unknown_id(saying):
    term = add_term(saying, "Petra", "person", interviewer())
    term_id = term.id
    assert remove_term(term_id, interviewer()).code == saying.code
    assert terms_of(saying.id) == []
    with pytest.raises(RedactionError, match="not on the list"):
        remove_term(term_id, interviewer())
    study = add_term(None, "Klinika", "organisation", interviewer())
    assert remove_term(study.id, interviewer()) is None


def test_pending_suggestions_group_by_term_and_skip_what_is_handled(saying):
    pending = {row.folded: row for row in pending_suggestions(saying)}
    # Novak is in the consent name (a hit): handled without a decision.
    assert set(pending) == {"petra", "vrhnika"}
    assert pending["petra"].count == 2 and len(pending["petra"].contexts) == 2
    assert pending["petra"].contexts[0].found == "Petra"
    assert pending["vrhnika"].kind == "person" and pending["vrhnika"].reason == "capitalised"
    assert pending_counts([saying]) == {saying.code: 2}


def test_accepting_adds_the_term_with_the_kind_chosen(saying):
    decide(saying, "vrhnika", "accepted", interviewer(), kind="place")
    assert terms_of(saying.id) == [("Vrhnika", "place")]
    assert decisions_of(saying.id) == {"vrhnika": "accepted"}
    decide(saying, "petra", "accepted", interviewer())  # the suggestion's kind by default
    assert terms_of(saying.id)[1] == ("Petra", "person")
    assert pending_suggestions(saying) == []


def test_dismissing_records_the_decision_once(saying):
    decide(saying, "petra", "dismissed", interviewer())
    assert decisions_of(saying.id) == {"petra": "dismissed"} and terms_of(saying.id) == []
    assert [row.folded for row in pending_suggestions(saying)] == ["vrhnika"]
    for folded, decision in (("petra", "accepted"), ("nobody", "dismissed"), ("vrhnika", "x")):
        with pytest.raises(RedactionError):
            decide(saying, folded, decision, interviewer())


def test_accept_all_and_dismiss_all(app, saying, monkeypatch):
    assert accept_all(saying, interviewer()) == (2, 0)
    assert sorted(terms_of(saying.id)) == [("Petra", "person"), ("Vrhnika", "person")]
    assert accept_all(saying, interviewer()) == (0, 0)
    other = participant_saying("We drove to Kranj with Marko.", number=6)
    assert dismiss_all(other, interviewer()) == (2, 0)
    assert decisions_of(other.id) == {"kranj": "dismissed", "marko": "dismissed"}


def test_removing_an_accepted_term_makes_its_suggestion_pending_again(saying):
    decide(saying, "petra", "accepted", interviewer())
    term = db.session.scalar(db.select(RedactionTerm).filter_by(folded="petra"))
    remove_term(term.id, interviewer())
    assert "petra" in {row.folded for row in pending_suggestions(saying)}


def test_only_an_admin_waives_and_the_gate_then_opens(saying):
    with pytest.raises(UnreviewedSuggestions) as raised:
        require_reviewed([saying])
    assert raised.value.counts == {saying.code: 2} and saying.code in str(raised.value)
    with pytest.raises(RedactionRefused):
        waive(saying, interviewer())
    assert decisions_of(saying.id) == {}
    assert waive(saying, interviewer("admin")).done == 2
    assert set(decisions_of(saying.id).values()) == {"waived"}
    require_reviewed([saying])
    event = redaction_events()[-1]
    assert (event.action, event.username, event.participant_code) == ("redaction_waive", "admin",
                                                                       saying.code)  # fmt: skip


def test_the_gate_passes_reviewed_participants_and_names_the_others(app, saying):
    other = participant_saying("Nothing capitalised here.", number=6)
    require_reviewed([other])
    dismiss_all(saying, interviewer())
    require_reviewed([saying, other])
    third = participant_saying("I saw Marko.", number=7)
    with pytest.raises(UnreviewedSuggestions) as raised:
        require_reviewed([saying, other, third])
    assert raised.value.counts == {third.code: 1}


def test_the_audit_log_never_holds_a_term(saying):
    user = interviewer()
    study = add_term(None, "Klinika", "organisation", user)
    add_term(saying, "Marjeta", "person", user)
    decide(saying, "petra", "accepted", user, kind="person")
    decide(saying, "vrhnika", "dismissed", user)
    remove_term(study.id, user)
    other = participant_saying("We drove to Kranj with Marko.", number=6)
    accept_all(other, user)
    events = redaction_events()
    assert [event.action for event in events] == [
        "redaction_term_add",
        "redaction_term_add",
        "redaction_accept",
        "redaction_dismiss",
        "redaction_term_remove",
        "redaction_accept_all",
    ]
    assert events[0].participant_code is None and "study-wide" in events[0].detail
    assert events[1].participant_code == saying.code and "person" in events[1].detail
    words = ("klinika", "marjeta", "petra", "vrhnika", "kranj", "marko", "ana", "novak")
    for event in events:
        assert not any(word in event.detail.casefold() for word in words), event.detail


def test_hits_carry_the_labels_the_exports_give(saying):
    add_term(saying, "Petra", "person", interviewer())
    hits = hits_in_context(saying, interviewer())  # anna may read consent records
    petra = [hit for hit in hits if hit.term == "Petra"]
    names = [hit for hit in hits if hit.hidden]
    assert len(petra) == 2 and len({hit.label for hit in petra}) == 1
    assert names and names[0].context.found == NAME
    assert all(LABEL.match(hit.label) for hit in hits)
    assert petra[0].label != names[0].label


def test_an_analyst_sees_the_consent_name_only_as_its_label(saying):
    analyst = interviewer("alice")
    hits = hits_in_context(saying, analyst)
    name = next(hit for hit in hits if hit.hidden)
    assert name.term == "name from the consent record"
    assert LABEL.match(name.context.found)
    petra = next(row for row in pending_suggestions(saying, analyst) if row.folded == "petra")
    shown = " ".join(c.before + c.found + c.after for c in petra.contexts)
    assert "Novak" not in shown and name.context.found in shown
    assert "Novak" in " ".join(
        c.before + c.after for c in pending_suggestions(saying, interviewer())[0].contexts
    )


def test_a_context_never_cuts_the_hidden_name_in_two():
    text = "Ana Novak " + "y" * 35 + " Petra went home."
    terms = [Term("Ana Novak", "person", "consent-name", hidden=True)]
    masker = Masker(terms, Redactor(terms, [text]), reveal=False)
    start = text.index("Petra")
    context = masker.context(text, start, start + 5, masker.spans(text))
    assert start - 40 > 0 and context.before.startswith("[PERSON 1]")
    assert "Nov" not in context.before and "Ana" not in context.before
    shown = Masker(terms, Redactor(terms, [text]), reveal=True)
    assert shown.context(text, start, start + 5, shown.spans(text)).before.endswith("y ")


def test_fold_is_nfc_and_case_insensitive():
    assert fold(" PE\u0301TRA  Kos ") == fold("pétra kos") == "pétra kos"


@pytest.mark.parametrize("how", ["delete", "withdraw"])
def test_an_erasure_leaves_none_of_the_participants_list(app, admin_client, instance_path, how):
    marker = "Zzyzxville"  # in the list only, not in any answer
    with app.app_context():
        participant = participant_saying()
        participant_id = participant.id
        add_term(participant, marker, "place", interviewer())
        dismiss_all(participant, interviewer())
        add_term(None, "Klinika", "organisation", interviewer())
    # On SQLite the database is a file of the instance: its bytes must lose the term too.
    in_files = not TEST_DATABASE_URL
    assert places_holding(instance_path, marker) or not in_files
    ERASE[how](admin_client, "P05")
    with app.app_context():
        assert terms_of(participant_id) == [] and decisions_of(participant_id) == {}
        assert terms_of(None) == [("Klinika", "organisation")]  # the study's list stays
    assert places_holding(instance_path, marker) == []  # nothing left on disk either
