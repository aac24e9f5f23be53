"""`interview redaction add|list|review` on the command line."""

from __future__ import annotations

import pytest
from erasure_helpers import withdraw
from factories import NAME, participant_saying
from redaction_helpers import decisions_of, redaction_events, terms_of, use_fake_suggestions

from interview.cli import cli
from interview.extensions import db
from interview.models import Participant


@pytest.fixture
def saying(app, monkeypatch) -> int:
    """P05 naming Petra (twice) and Vrhnika beside the consent name; its id."""
    use_fake_suggestions(monkeypatch)
    with app.app_context():
        return participant_saying().id


def run(runner, *args: str):
    return runner.invoke(cli, ["redaction", *args])


def test_add_and_list_a_participants_terms(app, runner, saying):
    result = run(runner, "add", "p05", "Petra", "--kind", "person")
    assert result.exit_code == 0, result.output
    assert "Added term 1 (person) to P05's list." in result.output
    run(runner, "add", "--study", "Vrhnika", "--kind", "place", "--user", "anna")
    listing = run(runner, "list", "P05")
    assert listing.exit_code == 0, listing.output
    lines = listing.output.splitlines()
    assert "(name from the consent record)" in lines[0] and "[PERSON" in lines[0]
    assert "Petra" in lines[1] and "person" in lines[1] and "[PERSON" in lines[1]
    assert "Vrhnika" in lines[2] and "[PLACE 1]" in lines[2] and "[study]" in lines[2]
    assert "Novak" not in listing.output and "Ana" not in listing.output
    study = run(runner, "list", "--study")
    assert study.exit_code == 0 and "Vrhnika" in study.output and "Petra" not in study.output
    with app.app_context():
        users = {event.username for event in redaction_events()}
        assert users == {"admin", "anna"}  # the first admin unless --user names another


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "P99", "Petra", "--kind", "person"], "There is no participant P99."),
        (["add", "P05", "P", "--kind", "person"], "2 to 200 characters"),
        (["add", "P05", "Petra", "--kind", "relative"], "Invalid value for '--kind'"),
        (["add", "P05", "--kind", "person"], "Give CODE TERM"),
        (["add", "--study", "P05", "Petra", "--kind", "person"], "Give --study TERM"),
        (["add", "P05", "Petra", "--kind", "person", "--user", "nobody"], "no account nobody"),
        (["list"], "Give CODE or --study."),
        (["list", "P05", "--study"], "Give CODE or --study."),
        (["list", "P99"], "There is no participant P99."),
        (["review", "P05"], "exactly one of --accept-all and --dismiss-all"),
        (["review", "P05", "--accept-all", "--dismiss-all"], "exactly one of"),
        (["review", "P99", "--accept-all"], "There is no participant P99."),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(app, runner, saying, args, message):
    result = run(runner, *args)
    assert result.exit_code != 0 and message in result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    with app.app_context():
        assert terms_of(saying) == [] and decisions_of(saying) == {}


def test_a_duplicate_is_refused(app, runner, saying):
    run(runner, "add", "P05", "Petra", "--kind", "person")
    result = run(runner, "add", "P05", "PETRA", "--kind", "place")
    assert result.exit_code == 1 and "already on the list" in result.output
    with app.app_context():
        assert terms_of(saying) == [("Petra", "person")]


def test_review_accepts_or_dismisses_everything_pending(app, runner, saying):
    result = run(runner, "review", "P05", "--accept-all")
    assert result.exit_code == 0 and "P05: 2 accepted." in result.output
    with app.app_context():
        assert sorted(terms_of(saying)) == [("Petra", "person"), ("Vrhnika", "person")]
        participant_saying("We drove to Kranj.", number=6)
        other = db.session.scalar(db.select(Participant.id).filter_by(code="P06"))
    result = run(runner, "review", "P06", "--dismiss-all")
    assert result.exit_code == 0 and "P06: 1 dismissed." in result.output
    with app.app_context():
        assert decisions_of(other) == {"kranj": "dismissed"}


def test_an_erased_participant_is_unknown(app, runner, admin_client, saying):
    withdraw(admin_client, "P05")
    result = run(runner, "add", "P05", "Petra", "--kind", "person")
    assert result.exit_code == 1 and "There is no participant P05." in result.output
    assert NAME not in result.output
