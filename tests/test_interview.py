"""The interview screen over HTTP: start, answer, jump, follow-ups, finish, reopen, amend, history."""

from __future__ import annotations

import re

from factories import registered_participant
from helpers import csrf_token, post_form, script_words_of
from interview_helpers import CODE, SCREEN, answer, autosave, count, finish

from interview.extensions import db
from interview.instruments.snapshots import current_instruments
from interview.models import Answer, AnswerRevision, InstrumentSnapshot, Interview, InterviewEvent


def events(app) -> list[str]:
    """The interview's history, oldest first."""
    with app.app_context():
        return list(
            db.session.execute(
                db.select(InterviewEvent.action).order_by(InterviewEvent.id)
            ).scalars()
        )


def test_start_is_refused_without_a_signed_consent(app, logged_in):
    registered_participant(app, consent=None)
    assert "can start once the consent is signed" in logged_in.get(
        f"/participants/{CODE}"
    ).get_data(as_text=True)
    response = post_form(logged_in, f"{SCREEN}/start", token_from=f"/participants/{CODE}")
    assert response.status_code == 302 and response.headers["Location"] == f"/participants/{CODE}"
    assert count(app, Interview) == 0
    assert "only after the consent is signed" in logged_in.get(f"/participants/{CODE}").get_data(
        as_text=True
    )


def test_start_records_time_instrument_and_snapshot(app, consented):
    assert "Start interview" in consented.get(f"/participants/{CODE}").get_data(as_text=True)
    response = post_form(consented, f"{SCREEN}/start", token_from=f"/participants/{CODE}")
    assert response.headers["Location"] == SCREEN
    with app.app_context():
        interview = db.session.execute(db.select(Interview)).scalar_one()
        protocol = current_instruments().interview
        assert interview.started_at is not None and interview.status == "in_progress"
        ref = (interview.instrument_id, interview.instrument_version, interview.instrument_sha256)
        assert ref == (protocol.id, protocol.version, protocol.sha256)
        assert db.session.get(InstrumentSnapshot, protocol.sha256).content == protocol.content
        questions = sum(len(section.questions) for section in protocol.sections)
        assert db.session.scalar(db.select(db.func.count(Answer.id))) == questions
    # Starting twice keeps the first start.
    post_form(consented, f"{SCREEN}/start", token_from=f"/participants/{CODE}")
    assert count(app, Interview) == 1 and events(app) == ["start"]


def test_screen_shows_sections_questions_prompts_and_markup_contract(started):
    html = started.get(SCREEN).get_data(as_text=True)
    assert 'aria-current="step"' in html and "1. General" in html and "9. Suggestions" in html
    assert '<section id="q-how-therapy-felt" class="question" data-version="0"' in html
    assert (
        '<label class="q-text" for="answer-how-therapy-felt">How has therapy been for you so far?</label>'
        in html
    )
    assert 'name="answer-how-therapy-felt"' in html and '<details class="prompts">' in html
    assert "How has it felt to be in therapy?" in html
    assert "data-save-state" in html and 'name="skip-how-therapy-felt"' in html
    words = script_words_of(html)
    assert words["autosave"]["saved"] == "Saved {time}"
    assert words["autosave"]["offline"] == {
        "one": "Offline — {n} change waiting",
        "other": "Offline — {n} changes waiting",
    }
    assert '<script src="/static/js/autosave.js" defer>' in html and " style=" not in html


def test_jump_to_any_section(started):
    html = started.get(f"{SCREEN}?section=helpful").get_data(as_text=True)
    assert "7. Helpful aspects" in html and 'id="q-helpful-relationship"' in html
    assert 'id="q-how-therapy-felt"' not in html
    assert started.get(f"{SCREEN}?section=nope").status_code == 404


def test_showing_a_section_never_marks_its_questions_opened(app, started):
    started.get(SCREEN)  # the page the start redirects to: section 1 stays unstamped
    started.get(f"{SCREEN}?section=resources")
    assert answer(app, "how-therapy-felt").first_opened_at is None
    assert answer(app, "resources-personal").first_opened_at is None


def test_without_javascript_the_first_save_stamps_only_the_saved_question(app, started):
    data = {"answer-how-therapy-felt": "Hard at first.", "answer-current-medication": ""}
    post_form(started, f"{SCREEN}/sections/general", data, token_from=SCREEN)
    felt = answer(app, "how-therapy-felt")
    assert felt.first_opened_at is not None and felt.first_opened_at == felt.last_edited_at
    assert answer(app, "current-medication").first_opened_at is None


def test_answer_and_offsets_are_shown(app, started):
    autosave(started, {"question_id": "how-therapy-felt", "text": "Hard at first.\n\nThen good."})
    html = started.get(SCREEN).get_data(as_text=True)
    assert "Hard at first." in html
    assert re.search(r"Edited <b data-edited>0:00:0\d</b>", html)
    assert "1/2" in html  # one of General's two questions answered


def test_no_javascript_section_save_is_one_transaction(app, started):
    token = csrf_token(started, SCREEN)
    data = {"csrf_token": token, "answer-current-medication": "None.", "version-current-medication": "0",
            "answer-how-therapy-felt": "Good.", "skip-how-therapy-felt": "y", "version-how-therapy-felt": "0"}  # fmt: skip
    response = started.post(f"{SCREEN}/sections/general", data=data)
    assert (
        response.status_code == 302 and response.headers["Location"] == f"{SCREEN}?section=general"
    )
    assert answer(app, "current-medication").text == "None."
    assert answer(app, "how-therapy-felt").skipped is True
    # An oversized answer anywhere refuses the whole section, keeping the typed text on the page.
    data["answer-current-medication"], data["answer-how-therapy-felt"] = "Changed.", "x" * 100_001
    response = started.post(f"{SCREEN}/sections/general", data=data)
    assert response.status_code == 400
    assert "at most 100,000 characters" in response.get_data(as_text=True)
    assert "Changed." in response.get_data(as_text=True)
    assert answer(app, "current-medication").text == "None."


def test_section_save_flags_an_answer_changed_elsewhere(app, started):
    autosave(started, {"question_id": "causes", "text": "From the tablet."})
    data = {"answer-causes": "From the laptop.", "version-causes": "0"}
    response = post_form(
        started, f"{SCREEN}/sections/attributions", data, token_from=SCREEN, follow_redirects=True
    )
    assert "changed on another device" in response.get_data(as_text=True)
    assert answer(app, "causes").text == "From the laptop."
    assert count(app, AnswerRevision) == 1


def test_unknown_section_is_refused(app, started):
    response = post_form(
        started, f"{SCREEN}/sections/nope", {"answer-causes": "x"}, token_from=SCREEN
    )
    assert response.status_code == 400
    assert answer(app, "causes").version == 0


def test_adhoc_follow_up_question_is_placed_after_its_question(app, started):
    data = {
        "section_id": "general",
        "after": "current-medication",
        "wording": "Who prescribed it?",
        "answer": "My GP.",
    }
    response = post_form(started, f"{SCREEN}/adhoc", data, token_from=SCREEN)
    assert response.headers["Location"] == f"{SCREEN}?section=general#q-adhoc-1"
    stored = answer(app, "adhoc-1")
    assert (stored.kind, stored.adhoc_text, stored.text) == (
        "adhoc",
        "Who prescribed it?",
        "My GP.",
    )
    html = started.get(SCREEN).get_data(as_text=True)
    assert (
        html.index('id="q-current-medication"')
        < html.index('id="q-adhoc-1"')
        < html.index('id="q-how-therapy-felt"')
    )
    # Its answer autosaves like any other.
    assert (
        autosave(started, {"question_id": "adhoc-1", "text": "My GP, in May."}).status_code == 200
    )
    assert "adhoc_added" in events(app)


def test_adhoc_follow_up_needs_wording_and_a_known_place(app, started):
    response = post_form(started, f"{SCREEN}/adhoc", {"section_id": "general", "after": "current-medication", "wording": ""}, token_from=SCREEN)  # fmt: skip
    assert response.status_code == 400 and "Write the question you asked." in response.get_data(
        as_text=True
    )
    response = post_form(started, f"{SCREEN}/adhoc", {"section_id": "general", "after": "causes", "wording": "Why?"}, token_from=SCREEN)  # fmt: skip
    assert response.status_code == 400
    assert count(app, Answer) == sum(
        len(s.questions) for s in app.extensions["instruments"].interview.sections
    )


def test_finish_reopen_amend_keeps_the_history(app, started):
    autosave(started, {"question_id": "causes", "text": "Talking."})
    finish(started)
    with app.app_context():
        interview = db.session.execute(db.select(Interview)).scalar_one()
        assert interview.status == "complete" and interview.finished_at >= interview.started_at
        first_end = interview.finished_at
    page = started.get(f"/participants/{CODE}").get_data(as_text=True)
    assert "duration 0:00:0" in page and "View interview" in page
    screen = started.get(f"{SCREEN}?section=attributions").get_data(as_text=True)
    assert "Reopen to amend" in screen and "readonly" in screen and "autosave.js" not in screen
    post_form(started, f"{SCREEN}/reopen", token_from=SCREEN)
    autosave(started, {"question_id": "causes", "text": "Talking, and walking.", "base_version": 1})
    finish(started)
    assert events(app) == ["start", "finish", "reopen", "finish"]
    with app.app_context():
        interview = db.session.execute(db.select(Interview)).scalar_one()
        assert (
            interview.finished_at == first_end
        )  # the interview's own end stays; amendments are events
        last = (
            db.session.execute(db.select(InterviewEvent).order_by(InterviewEvent.id.desc()))
            .scalars()
            .first()
        )
        assert last.data["amendment"] is True
    assert answer(app, "causes").text == "Talking, and walking." and count(app, AnswerRevision) == 1


def test_history_page_lists_earlier_texts(started):
    autosave(started, {"question_id": "causes", "text": "First."})
    autosave(started, {"question_id": "causes", "text": "Second.", "base_version": 1})
    html = started.get(f"{SCREEN}/history/causes").get_data(as_text=True)
    assert "First." in html and "Second." in html and "Earlier texts (1)" in html
    assert started.get(f"{SCREEN}/history/nope").status_code == 404


def test_screen_before_start_goes_back_to_the_participant(consented):
    response = consented.get(SCREEN)
    assert response.status_code == 302 and response.headers["Location"] == f"/participants/{CODE}"


def test_page_with_thirty_answers_stays_under_60_kb(app, started):
    """HTML + CSS + JS of the heaviest section page, for 30 answers of ~700 characters."""
    words = ("I felt heard and that changed how I speak to people at home. " * 12)[:700]
    for number in range(12):  # 18 protocol questions + 12 follow-ups = 30 answers
        data = {
            "section_id": "changes",
            "after": "changes-noticed",
            "wording": f"And then {number}?",
        }
        post_form(started, f"{SCREEN}/adhoc", {**data, "answer": words}, token_from=SCREEN)
    with app.app_context():
        question_ids = db.session.execute(db.select(Answer.question_id)).scalars().all()
    token = csrf_token(started, SCREEN)
    for question_id in question_ids:
        autosave(started, {"question_id": question_id, "text": words}, token=token)
    for _ in range(5):
        post_form(
            started,
            f"{SCREEN}/changes",
            {"description": words[:200], "kind": "worse"},
            token_from=SCREEN,
        )
    html = started.get(f"{SCREEN}?section=changes").get_data()
    assert html.count(b'class="question"') == 15
    # What the page loads (the recorder's data-src is fetched only when a recording starts).
    assets = re.findall(rb'(?<![\w-])(?:href|src)="(/static/[^"]+)"', html)
    assert sorted(assets) == [  # not the other pages' styles (pages.css)
        b"/static/css/app.css",
        b"/static/css/interview.css",
        b"/static/js/autosave.js",
        b"/static/js/erased.js",
        b"/static/js/rec-start.js",  # the consent allows recording: the 631-byte loader
        b"/static/js/words.js",  # picks the scripts' words (and plural forms) from the page
    ]
    total = len(html) + sum(size(started, asset.decode()) for asset in assets)
    print(f"interview page weight: {total} bytes")
    assert total <= 60 * 1024, total  # as tests/browser/test_browser_page_weight.py measures it


def size(client, path: str) -> int:
    """Bytes of a static file as served (the response is closed: the file handle with it)."""
    with client.get(path) as response:
        assert response.status_code == 200
        return len(response.get_data())
