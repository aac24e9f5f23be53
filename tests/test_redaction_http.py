"""The redaction pages through HTTP, as each role uses them: the list, decisions, the waiver."""

from __future__ import annotations

import re

import pytest
from erasure_helpers import withdraw
from factories import NAME, participant_saying
from helpers import post_form
from redaction_helpers import (
    capitalised_words,
    decisions_of,
    redaction_events,
    terms_of,
    use_fake_suggestions,
)

from interview.extensions import db
from interview.models import Participant, RedactionTerm
from interview.redaction import review
from interview.redaction.suggestions import Suggestion

CODE = "P05"
PAGE = f"/participants/{CODE}/redaction"


@pytest.fixture
def saying(app, monkeypatch) -> int:
    """P05 naming Petra (twice) and Vrhnika beside the consent name; its id."""
    use_fake_suggestions(monkeypatch)
    with app.app_context():
        return participant_saying().id


def post(client, path: str, data: dict):
    """A form posted with the session's token."""
    return post_form(client, path, data, token_from="/")


def listed(app, participant_id: int | None) -> list[tuple[str, str]]:
    with app.app_context():
        return terms_of(participant_id)


def decided(app, participant_id: int) -> dict[str, str]:
    with app.app_context():
        return decisions_of(participant_id)


@pytest.mark.parametrize("username", ["admin", "anna", "alice"])
def test_every_role_reviews(client, auth, saying, username):
    auth.login(username)
    overview = client.get("/redaction/").get_data(as_text=True)
    assert PAGE in overview and "Study-wide list" in overview
    page = client.get(PAGE).get_data(as_text=True)
    assert "Petra" in page and "Vrhnika" in page and "Accept all" in page
    assert "[PERSON 1]" in page  # the consent name's hit, with the label it gets
    waiver = "Let exports go ahead without reviewing"
    assert (waiver in page) is (username == "admin")


def test_adding_and_removing_terms_through_the_pages(app, logged_in, saying):
    response = post(logged_in, f"{PAGE}/terms", {"text": "Petra", "kind": "person"})
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert listed(app, saying) == [("Petra", "person")]
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Term added to the list." in page and "2 hits" in page
    assert post(logged_in, "/redaction/terms", {"text": "Klinika", "kind": "organisation"}).status_code == 302  # fmt: skip
    assert listed(app, None) == [("Klinika", "organisation")]
    with app.app_context():
        term_id = db.session.scalar(db.select(RedactionTerm.id).filter_by(folded="petra"))
    response = post(logged_in, "/redaction/terms/remove", {"term_id": str(term_id)})
    assert response.headers["Location"] == PAGE and listed(app, saying) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Vrhnika", "kind": "person"}, "already on the list"),
        ({"text": "VRHNIKA", "kind": "place"}, "already on the list"),
        ({"text": "Marko", "kind": "relative"}, "Not a valid choice"),
        ({"text": "x" * 201, "kind": "person"}, "2 to 200 characters"),
        ({"text": "x", "kind": "person"}, "2 to 200 characters"),
        ({"kind": "person"}, "Type the term to replace."),
    ],
)
@pytest.mark.parametrize("path", [f"{PAGE}/terms", "/redaction/terms"])
def test_a_bad_term_is_refused_beside_the_field(app, logged_in, saying, path, data, message):
    post(logged_in, path, {"text": "Vrhnika", "kind": "place"})
    before = listed(app, saying), listed(app, None)
    response = post(logged_in, path, data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (listed(app, saying), listed(app, None)) == before


@pytest.mark.parametrize("term_id", ["999", "abc", "", "٣", "-1"])
def test_removing_an_unknown_term_is_a_message(app, logged_in, saying, term_id):
    post(logged_in, f"{PAGE}/terms", {"text": "Petra", "kind": "person"})
    response = post(logged_in, "/redaction/terms/remove", {"term_id": term_id})
    assert response.status_code == 302
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "not on the list" in page and listed(app, saying) == [("Petra", "person")]


def test_accepting_with_a_kind_and_dismissing(app, logged_in, saying):
    data = {"term": "vrhnika", "kind": "place", "decision": "accepted"}
    assert post(logged_in, f"{PAGE}/decide", data).status_code == 302
    post(logged_in, f"{PAGE}/decide", {"term": "petra", "kind": "person", "decision": "dismissed"})
    assert listed(app, saying) == [("Vrhnika", "place")]
    assert decided(app, saying) == {"vrhnika": "accepted", "petra": "dismissed"}
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Nothing waiting" in page


@pytest.mark.parametrize(
    "data",
    [
        {"term": "nobody", "kind": "person", "decision": "accepted"},
        {"term": "petra", "kind": "relative", "decision": "accepted"},
        {"term": "petra", "kind": "person", "decision": "waived"},
        {"term": "petra", "kind": "person"},
    ],
)
def test_a_bad_decision_is_a_message(app, logged_in, saying, data):
    response = post(logged_in, f"{PAGE}/decide", data)
    assert response.status_code == 302
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert decided(app, saying) == {} and listed(app, saying) == []


def test_accept_all_and_dismiss_all(app, logged_in, saying):
    response = post(logged_in, f"{PAGE}/all", {"decision": "accepted"})
    assert response.status_code == 302
    assert "2 suggestions accepted." in logged_in.get(PAGE).get_data(as_text=True)
    assert sorted(listed(app, saying)) == [("Petra", "person"), ("Vrhnika", "person")]
    post(logged_in, f"{PAGE}/all", {"decision": "nonsense"})
    assert "Accept all or Dismiss all" in logged_in.get(PAGE).get_data(as_text=True)
    with app.app_context():
        participant_saying("We drove to Kranj.", number=6)
    post(logged_in, "/participants/P06/redaction/all", {"decision": "dismissed"})
    with app.app_context():
        other = db.session.scalar(db.select(Participant.id).filter_by(code="P06"))
    assert decided(app, other) == {"kranj": "dismissed"}


def test_only_the_admin_waives_with_the_code_typed(app, client, auth, saying):
    auth.login("anna")
    assert post(client, f"{PAGE}/waive", {"confirm": CODE}).status_code == 403
    auth.logout()
    auth.login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    assert "recorded in the audit log" in page
    post(client, f"{PAGE}/waive", {"confirm": "P04"})
    assert "Type the participant code exactly" in client.get(PAGE).get_data(as_text=True)
    assert decided(app, saying) == {}
    post(client, f"{PAGE}/waive", {"confirm": CODE.lower()})
    assert set(decided(app, saying).values()) == {"waived"}
    assert "Let exports go ahead without reviewing" not in client.get(PAGE).get_data(as_text=True)
    with app.app_context():
        [event] = [e for e in redaction_events() if e.action == "redaction_waive"]
        assert (event.username, event.participant_code, event.detail) == (
            "admin",
            CODE,
            "2 waived (person 2)",
        )


def test_posts_without_the_csrf_token_change_nothing(app, logged_in, saying):
    for path, data in (
        (f"{PAGE}/terms", {"text": "Petra", "kind": "person"}),
        ("/redaction/terms", {"text": "Klinika", "kind": "place"}),
        (f"{PAGE}/all", {"decision": "accepted"}),
        (f"{PAGE}/decide", {"term": "petra", "kind": "person", "decision": "accepted"}),
    ):
        assert logged_in.post(path, data=data).status_code == 400, path
    assert listed(app, saying) == [] and listed(app, None) == [] and decided(app, saying) == {}


def test_unknown_and_erased_participants_are_not_found(admin_client, saying):
    assert admin_client.get("/participants/P99/redaction").status_code == 404
    unknown = post(
        admin_client, "/participants/P99/redaction/terms", {"text": "Ab", "kind": "person"}
    )
    assert unknown.status_code == 404
    withdraw(admin_client, CODE)
    assert admin_client.get(PAGE).status_code == 404
    assert post(admin_client, f"{PAGE}/all", {"decision": "accepted"}).status_code == 404
    assert PAGE not in admin_client.get("/redaction/").get_data(as_text=True)


def test_the_review_is_linked_from_the_participant_and_export_pages(admin_client, saying):
    assert PAGE in admin_client.get(f"/participants/{CODE}").get_data(as_text=True)
    assert "/redaction/" in admin_client.get("/export/").get_data(as_text=True)


def around_the_name(text: str) -> list[Suggestion]:
    """Capitalised words, and the words just before and after every Novak (the name in the
    contexts' middle, cut by nothing)."""
    found = capitalised_words(text)
    for match in re.finditer("Novak", text):
        spans = [(match.end() + 1, match.end() + 5), (match.start() - 8, match.start() - 1)]
        for start, end in spans:
            if 0 <= start < end <= len(text):
                found.append(Suggestion(start, end, text[start:end], "other", "x"))
    return sorted(found, key=lambda suggestion: suggestion.start)


NAME_WORDS = re.compile(rb"\b(Ana|Novak|Anin|Novaka)\b")


@pytest.mark.parametrize("suggester", ["real", "capitalised", "around"])
def test_analysts_never_see_the_consent_name(app, client, auth, monkeypatch, suggester):
    if suggester != "real":
        fake = capitalised_words if suggester == "capitalised" else around_the_name
        monkeypatch.setattr(review, "suggest", fake)
    with app.app_context():
        participant_saying("Ana Novak, yes. Novak said: Ana, meet Petra Novak in Vrhnika.")
    auth.login("anna")
    post(client, f"{PAGE}/terms", {"text": "Petra Novak", "kind": "person"})
    post(client, "/redaction/terms", {"text": "Vrhnika", "kind": "place"})
    assert NAME.encode() in client.get(PAGE).data  # anna may read it: the check can fail
    auth.logout()
    auth.login("alice")
    pages = [client.get(PAGE), client.get("/redaction/"), client.get(f"/participants/{CODE}")]
    pages.append(post(client, f"{PAGE}/terms", {"text": "Vrhnika", "kind": "place"}))
    pages.append(post(client, "/redaction/terms", {"text": "x", "kind": "place"}))
    assert [page.status_code for page in pages] == [200, 200, 200, 400, 400]
    assert "name from the consent record" in pages[0].get_data(as_text=True)
    for page in pages:
        assert NAME.encode() not in page.data
        # Even inside the listed "Petra Novak" the surname shows only as its label.
        assert NAME_WORDS.findall(page.data) == []
