"""Scenario: the interview recorded in the browser, with a fake microphone speaking espeak-ng's WAV.

Chromium's fake devices stand in for the tablet's microphone (`--use-fake-device-for-media-stream`
with `--use-file-for-fake-audio-capture`). The recording goes on across sections, through 20 s
offline, a reload and a killed server; what the server assembled is compared with the recorder's
own clock, and the question markers with the moments the test opened the questions.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect
from session_steps import add_change, add_follow_up, answer_box, interview_ready
from tablet import CHROMIUM, CHROMIUM_ARGS, LiveServer

from interview import create_app
from interview.extensions import db
from interview.models import Participant
from interview.recording.markers import recording_summary

pytestmark = pytest.mark.browser

SPEECH = (
    "What change did you notice since starting therapy? What was the cause of change? "
    "What helped you in the process of change? "
)
# Seconds the recorder's clock and the assembled audio may differ by (the limits).
DURATION_TOLERANCE = 0.5
MARKER_TOLERANCE = 0.25
RELOAD_LOSS = 5.0


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A WAV of espeak-ng reading the study's questions (Chromium plays it in a loop)."""
    if shutil.which("espeak-ng") is None:
        reason = "espeak-ng is not installed (Debian package espeak-ng)"
        if os.environ.get("INTERVIEW_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " (required here: INTERVIEW_REQUIRE_BROWSER=1, as in CI)")
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("speech") / "speech.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), SPEECH * 3], check=True)
    return path


@pytest.fixture(scope="module")
def browser(playwright: Playwright, speech_wav: Path) -> Iterator[Browser]:
    """Chromium with the fake microphone, for this module only (the run's one Playwright)."""
    arguments = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={speech_wav}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=arguments
    )
    yield browser
    browser.close()


def server_summary(server: LiveServer, code: str) -> dict:
    """The recording as the server holds it: assembled segments, gaps, markers."""
    app = create_app({"INSTANCE_PATH": str(server.instance)})
    with app.app_context():
        participant = db.session.scalar(db.select(Participant).filter_by(code=code))
        summary = recording_summary(participant.interview)
        db.session.remove()
        db.engine.dispose()
    return summary


def recorder(page: Page):
    """The recorder's panel on the interview screen."""
    return page.locator("[data-recorder]")


def start_recording(page: Page) -> None:
    """Tap "Start recording" and wait until the recorder runs."""
    page.get_by_role("button", name="Start recording").click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")


def elapsed(page: Page) -> float:
    """The recorder's own clock, in seconds."""
    return page.evaluate("window.interviewRecorder.elapsed()") / 1000


def at_least(seconds: int) -> re.Pattern[str]:
    """The recorder's h:mm:ss clock showing ``seconds`` or a little more (up to two minutes)."""
    shown = (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" for s in range(seconds, seconds + 120)
    )
    return re.compile("^(" + "|".join(shown) + ")$")


def record_for(page: Page, seconds: int) -> None:
    """Let the recorder run ``seconds`` more, as its clock on the screen shows."""
    target = math.ceil(elapsed(page)) + seconds
    clock = recorder(page).locator(".rec-clock")
    expect(clock).to_have_text(at_least(target), timeout=(seconds + 30) * 1000)


def stop_and_send(page: Page, timeout_s: float = 60) -> float:
    """Stop; wait until every chunk is acknowledged; return the recorded time."""
    total = elapsed(page)
    page.get_by_role("button", name="Stop recording").click()
    expect(recorder(page)).to_have_attribute("data-state", "stopped")
    expect(recorder(page)).to_have_attribute("data-waiting", "0", timeout=timeout_s * 1000)
    return total


def test_a_short_recording_is_assembled_with_its_length(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T21")
    start_recording(page)
    record_for(page, 5)
    total = stop_and_send(page)
    summary = server_summary(server, code)
    assert len(summary["segments"]) == 1
    assert abs(summary["duration_ms"] / 1000 - total) <= DURATION_TOLERANCE, (summary, total)


def open_question(page: Page, question_id: str) -> float:
    """Tap into a question's answer box (its "opened" mark is sent); returns the recorder's clock
    at that moment, once the server has stamped it."""
    before = elapsed(page)
    answer_box(page, question_id).focus()
    moment = (before + elapsed(page)) / 2
    expect(page.locator(f"#q-{question_id} [data-opened]")).not_to_have_text("—")
    return moment


def marker_at(summary: dict, question_id: str, kind: str = "opened") -> float:
    """Where the server put a question's marker, in seconds."""
    found = [m for m in summary["markers"] if m["question_id"] == question_id and m["kind"] == kind]
    assert len(found) == 1, summary["markers"]
    return found[0]["position_ms"] / 1000


def test_sixty_seconds_across_two_sections_and_twenty_offline_lose_nothing(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T22")
    start_recording(page)
    record_for(page, 3)
    first = open_question(page, "current-medication")
    record_for(page, 3)
    # Another section while recording: the page swaps it in place, the recorder goes on.
    page.locator(".stepper a", has_text="Changes").click()
    expect(page).to_have_url(re.compile(r"section=changes"))
    expect(page.locator(".iv-main h2")).to_have_text(re.compile("Changes"))
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    second = open_question(page, "changes-noticed")
    tablet.set_offline(True)
    record_for(page, 20)
    expect(recorder(page)).not_to_have_attribute("data-waiting", "0")  # chunks wait on the tablet
    tablet.set_offline(False)
    record_for(page, max(1, 60 - math.ceil(elapsed(page))))
    total = stop_and_send(page)
    assert total >= 60

    summary = server_summary(server, code)
    print(
        f"recorded {total:.3f} s, assembled {summary['duration_ms'] / 1000:.3f} s; markers off by"
        f" {marker_at(summary, 'current-medication') - first:+.3f} s and"
        f" {marker_at(summary, 'changes-noticed') - second:+.3f} s"
    )
    assert len(summary["segments"]) == 1 and summary["gaps"] == []
    assert abs(summary["duration_ms"] / 1000 - total) <= DURATION_TOLERANCE, (summary, total)
    assert abs(marker_at(summary, "current-medication") - first) <= MARKER_TOLERANCE
    assert abs(marker_at(summary, "changes-noticed") - second) <= MARKER_TOLERANCE

    # The listening page jumps to a question and highlights it while it plays.
    page.goto(f"/participants/{code}/recording")
    item = page.locator("[data-markers] li", has_text="What changes, if any, have you noticed")
    item.locator("button").first.click()
    expect(item).to_have_class(re.compile("is-current"))
    position = page.evaluate("window.interviewPlayer.position()") / 1000
    assert second - 0.1 <= position <= second + 2


def test_a_reload_mid_recording_resumes_as_a_new_segment_with_the_gap_recorded(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T23")
    start_recording(page)
    record_for(page, 6)
    page.reload()
    # Nobody taps anything: the recording was running, so it goes on.
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    record_for(page, 4)
    stop_and_send(page)
    summary = server_summary(server, code)
    assert len(summary["segments"]) == 2
    [gap] = summary["gaps"]
    assert gap["kind"] == "gap" and gap["length_ms"] <= RELOAD_LOSS * 1000, gap
    assert summary["segments"][0]["duration_ms"] >= 4_000


def test_a_killed_server_loses_nothing_and_finishing_waits_for_every_chunk(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T24")
    start_recording(page)
    record_for(page, 4)
    server.kill()
    record_for(page, 6)
    server.start()
    record_for(page, 2)
    total = elapsed(page)
    # Finishing stops the recorder and sends what waits before the finish form goes.
    page.get_by_role("button", name="Finish interview").click()
    expect(page.get_by_role("button", name="Finish anyway")).to_be_visible(timeout=60_000)
    summary = server_summary(server, code)
    assert len(summary["segments"]) == 1
    assert summary["segments"][0]["ended_by"] == "stop"
    assert abs(summary["duration_ms"] / 1000 - total) <= DURATION_TOLERANCE, (summary, total)


def test_a_pause_is_on_the_timeline_as_a_pause(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T25")
    start_recording(page)
    record_for(page, 3)
    page.get_by_role("button", name="Pause").click()
    expect(recorder(page)).to_have_attribute("data-state", "paused")
    page.get_by_role("button", name="Resume recording").click()
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    record_for(page, 3)
    stop_and_send(page)
    summary = server_summary(server, code)
    assert [s["ended_by"] for s in summary["segments"]] == ["pause", "stop"]
    assert [gap["kind"] for gap in summary["gaps"]] == ["pause"] and summary["lost_ms"] == 0


def test_a_microphone_that_stops_is_announced_and_taken_again(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T26")
    start_recording(page)
    record_for(page, 3)
    # What iOS does when the screen dims: the track ends, without any other sign.
    page.evaluate("window.interviewRecorder.track().dispatchEvent(new Event('ended'))")
    expect(page.get_by_role("alert")).to_contain_text("The microphone stopped", timeout=2_000)
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    record_for(page, 2)
    stop_and_send(page)
    summary = server_summary(server, code)
    assert len(summary["segments"]) == 2 and summary["segments"][0]["ended_by"] is None


def test_a_follow_up_and_a_change_added_while_recording_keep_it_going(
    tablet: BrowserContext, page: Page, server: LiveServer
):
    code = interview_ready(tablet, page, "T27")
    page.goto(f"/participants/{code}/interview?section=changes")
    start_recording(page)
    record_for(page, 2)
    before = elapsed(page)
    add_change(page, "I sleep better.", None)
    change = (before, elapsed(page))
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    before = elapsed(page)
    noticed = "What changes, if any, have you noticed in yourself since therapy started?"
    add_follow_up(page, "Since when?", "Since the spring.", after=f"1. {noticed[:59]}…")
    follow_up = (before, elapsed(page))
    expect(recorder(page)).to_have_attribute("data-state", "recording")
    record_for(page, 2)
    stop_and_send(page)
    summary = server_summary(server, code)
    assert len(summary["segments"]) == 1
    for kind, (earliest, latest) in (("change", change), ("follow_up", follow_up)):
        [marker] = [m for m in summary["markers"] if m["kind"] == kind]
        position = marker["position_ms"] / 1000
        assert earliest - MARKER_TOLERANCE <= position <= latest + MARKER_TOLERANCE, (kind, marker)
