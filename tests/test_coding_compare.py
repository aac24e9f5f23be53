"""Two coders: blind mode, the comparison pages, snapshots, the agreed version, quotations."""

from __future__ import annotations

import pytest
from coding_helpers import add_analyst, code_passage
from factories import interviewed_participant
from helpers import PASSWORD, post_form

from interview.coding.results import coding_layer
from interview.extensions import db
from interview.models import QuestionnaireResponse


@pytest.fixture
def two_coders(app, client, auth):
    """Maja and Tine (analysts) coded P01 separately; the client is logged in as Tine."""
    add_analyst(app, "maja")
    add_analyst(app, "tine")
    interviewed_participant(app)
    with app.app_context():
        code_passage("P01", "maja", "It felt safe from the start", "Safety and trust")
        code_passage("P01", "maja", "She understood me before I said it", "Empathic attunement")
        code_passage("P01", "tine", "It felt safe", "Safety and trust")
        code_passage("P01", "tine", "I could trust her completely", "Safety and trust")
    assert auth.login("tine", PASSWORD).status_code == 302
    return client


def mark_done(client, name=None):
    return post_form(client, "/coding/P01/done", {}, token_from="/coding/P01")


def as_user(app, name):
    other = app.test_client()
    post_form(other, "/login", {"username": name, "password": PASSWORD})
    return other


def test_blind_mode_hides_the_other_coder_until_both_mark_done(app, two_coders):
    page = two_coders.get("/coding/P01").get_data(as_text=True)
    assert "She understood me before I said it" in page  # the text, yes
    assert page.count('"n": 1') == 0 and '"n": 3' in page  # Maja's 1 is hidden, Tine's 3 shown
    assert two_coders.get("/coding/P01?layer=maja").status_code == 403
    compare = two_coders.get("/coding/P01/compare?a=maja&b=tine").get_data(as_text=True)
    assert "Nothing to compare yet" in compare
    mark_done(two_coders)
    assert two_coders.get("/coding/P01?layer=maja").status_code == 403  # Maja is not done yet
    mark_done(as_user(app, "maja"))
    maja_layer = two_coders.get("/coding/P01?layer=maja").get_data(as_text=True)
    assert '"n": 1' in maja_layer and "Read only" in maja_layer
    assert "Percent agreement" in two_coders.get("/coding/P01/compare?a=maja&b=tine").get_data(
        as_text=True
    )


def test_with_blind_mode_off_everyone_sees_every_layer(app, two_coders):
    app.config["CODING_BLIND"] = False
    assert two_coders.get("/coding/P01?layer=maja").status_code == 200


def test_another_coder_layer_cannot_be_changed(app, two_coders):
    from coding_helpers import post_op

    app.config["CODING_BLIND"] = False
    response = post_op(two_coders, "P01", {"kind": "undo"}, layer="maja")
    assert response.status_code == 403


def both_done(app, client):
    mark_done(client)
    mark_done(as_user(app, "maja"))


def test_the_comparison_lists_figures_and_disagreements_side_by_side(app, two_coders):
    both_done(app, two_coders)
    page = two_coders.get("/coding/P01/compare?a=maja&b=tine").get_data(as_text=True)
    assert "Safety and trust" in page and "Krippendorff" in page
    assert "overlap ÷ union ≥ 50 %" in page  # the rule is stated
    # Maja 1:1 "It felt safe from the start" vs Tine 1:3 "It felt safe": 12/27 < 0.5, no match.
    assert "1:1" in page and "1:3" in page and "I could trust her completely" in page
    study = two_coders.get("/coding/compare?a=maja&b=tine").get_data(as_text=True)
    assert "All codes" in study and "1 interviews" in study


def test_a_snapshot_keeps_the_figures_with_the_date(app, two_coders):
    both_done(app, two_coders)
    response = post_form(
        two_coders,
        "/coding/compare/snapshot?a=maja&b=tine&code=P01",
        {},
        token_from="/coding/P01/compare",
    )
    assert response.status_code == 302
    listing = two_coders.get("/coding/snapshots").get_data(as_text=True)
    assert "P01" in listing and "maja · tine" in listing
    response = post_form(
        two_coders, "/coding/compare/snapshot?a=maja&b=tine", {}, token_from="/coding/compare"
    )
    assert "Whole study" in two_coders.get("/coding/snapshots").get_data(as_text=True)
    assert "Percent agreement" in two_coders.get("/coding/snapshots/1").get_data(as_text=True)


def test_reconciling_takes_passages_under_their_own_ids(app, two_coders):
    both_done(app, two_coders)
    with app.app_context():
        from interview.coding.codebook import code_by_guid  # noqa: F401
        from interview.models import Citation, Code

        safety = db.session.scalar(db.select(Code).filter_by(name="Safety and trust")).id
        guid_of = {c.number: c.guid for c in db.session.scalars(db.select(Citation))}
    url = "/coding/P01/reconcile?a=maja&b=tine"
    token_from = "/coding/P01/compare?a=maja&b=tine"
    post_form(two_coders, url, {"code": safety, "passage": guid_of[4]}, token_from=token_from)
    post_form(
        two_coders,
        url,
        {"code": safety, "passage": [guid_of[1], guid_of[3]]},
        token_from=token_from,
    )
    with app.app_context():
        agreed = coding_layer("reconciled")
    # 1 and 3 overlap with the same code: both taken, they merge and 1:1 survives.
    assert [(r.citation_id, r.quote) for r in agreed] == [
        ("1:1", "It felt safe from the start"),
        ("1:4", "I could trust her completely"),
    ]
    page = two_coders.get("/coding/P01?layer=reconciled").get_data(as_text=True)
    assert "Agreed version" in page


def test_quotations_of_a_category_include_its_subcategories_and_filter_by_answers(app, two_coders):
    app.config["CODING_BLIND"] = False
    with app.app_context():
        from interview.models import Code, Participant

        code_passage("P01", "tine", "She listened", "The experience of contact")
        category = db.session.scalar(db.select(Code).filter_by(name="Empathic attunement")).id
        participant = db.session.scalar(db.select(Participant))
        db.session.add(
            QuestionnaireResponse(
                participant_id=participant.id,
                instrument_id="demographics",
                instrument_version="1.0",
                instrument_sha256="x",
                language="en",
                answers={"gender": {"value": "female", "other": None}},
            )
        )
        db.session.commit()
    page = two_coders.get(f"/coding/quotations?code={category}").get_data(as_text=True)
    assert "1:2" in page and "She understood me before I said it" in page  # Maja's, the category
    assert "1:5" in page and "She listened" in page  # Tine's, a subcategory
    female = two_coders.get(f"/coding/quotations?code={category}&item=gender&value=female")
    assert "1:5" in female.get_data(as_text=True)
    male = two_coders.get(f"/coding/quotations?code={category}&item=gender&value=male")
    assert "1:5" not in male.get_data(as_text=True)
    only_tine = two_coders.get(f"/coding/quotations?code={category}&layer=tine").get_data(
        as_text=True
    )
    assert "1:5" in only_tine and "1:2" not in only_tine


def test_blind_quotations_leave_out_the_other_coder(app, two_coders):
    with app.app_context():
        from interview.models import Code

        category = db.session.scalar(db.select(Code).filter_by(name="Empathic attunement")).id
    page = two_coders.get(f"/coding/quotations?code={category}").get_data(as_text=True)
    assert "She understood me before I said it" not in page.split("<table")[1]


def test_a_withdrawal_deletes_the_codings_and_their_quotes(app, two_coders, client, auth):
    with app.app_context():
        from interview.models import Citation, CodingDocument, CodingOperation

        assert db.session.scalar(db.select(db.func.count(Citation.id))) == 4
    auth.logout()
    assert auth.login("admin").status_code == 302
    response = post_form(
        client, "/participants/P01/consent/withdraw", {"confirm": "P01"}, token_from="/"
    )
    assert response.status_code == 302
    with app.app_context():
        for model in (Citation, CodingDocument, CodingOperation):
            assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0
