"""The recording's timeline and its assembly, tested directly: segments, gaps, pauses, durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from recording_helpers import WEBM, split, webm_audio

from interview.record.timeline import (
    GAP_LOST,
    GAP_PAUSE,
    SegmentSpan,
    Timeline,
    clock,
    vtt_time,
)
from interview.recording.assembly import AssemblyError, remux

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    """A server time ``seconds`` after T0."""
    return T0 + timedelta(seconds=seconds)


def three_segments() -> Timeline:
    """10 s recorded, a 4 s loss (reload), 20 s, a 30 s pause, 5 s."""
    return Timeline(
        [
            SegmentSpan(1, at(0), 10_000, None),
            SegmentSpan(2, at(14), 20_000, "pause"),
            SegmentSpan(3, at(64), 5_000, "stop"),
        ]
    )


def test_segments_are_laid_end_to_end():
    timeline = three_segments()
    assert [placed.position_ms for placed in timeline.segments] == [0, 10_000, 30_000]
    assert timeline.duration_ms == 35_000


def test_gaps_are_losses_unless_the_interviewer_paused():
    gaps = three_segments().gaps
    assert [(gap.kind, gap.position_ms, gap.length_ms) for gap in gaps] == [
        (GAP_LOST, 10_000, 4_000),
        (GAP_PAUSE, 30_000, 30_000),
    ]
    assert three_segments().lost_ms() == 4_000


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, (0, 1, False)),
        (2.25, (2_250, 1, False)),
        (12, (10_000, 2, True)),  # lost to the reload: where the audio starts again
        (14.5, (10_500, 2, False)),
        (33.75, (29_750, 2, False)),
        (50, (30_000, 3, True)),  # during the pause
        (66.1, (32_100, 3, False)),
    ],
)
def test_moments_map_through_gaps_and_pauses(seconds, expected):
    position = three_segments().position_of(at(seconds))
    assert (position.ms, position.segment, position.in_gap) == expected


@pytest.mark.parametrize("seconds", [-1, 69.5])
def test_moments_outside_the_recording_have_no_position(seconds):
    assert three_segments().position_of(at(seconds)) is None


def test_no_moment_and_no_segments_have_no_position():
    assert three_segments().position_of(None) is None
    assert Timeline([]).position_of(at(1)) is None


def test_overlapping_clock_estimates_make_no_negative_gap():
    timeline = Timeline([SegmentSpan(1, at(0), 10_000), SegmentSpan(2, at(9.9), 1_000)])
    assert timeline.gaps[0].length_ms == 0


def test_clock_formats():
    assert clock(3_723_450) == "1:02:03.5"
    assert clock(None) == ""
    assert vtt_time(3_723_450) == "01:02:03.450"


def test_remux_of_chunks_gives_the_exact_duration():
    chunks = split(webm_audio(6.0), 7)
    data, duration_ms = remux(b"".join(chunks), WEBM)
    assert abs(duration_ms - 6_000) <= 30
    # The remuxed file knows its length (Chromium's own WebM does not).
    _again, again_ms = remux(data, WEBM)
    assert abs(again_ms - duration_ms) <= 1


def test_remux_of_the_first_chunks_only_gives_their_length():
    chunks = split(webm_audio(6.0), 6)
    _data, duration_ms = remux(b"".join(chunks[:3]), WEBM)
    assert 2_000 < duration_ms < 4_000


@pytest.mark.parametrize("data", [b"", b"not audio at all" * 100])
def test_remux_refuses_what_is_not_audio(data):
    with pytest.raises(AssemblyError):
        remux(data, WEBM)
