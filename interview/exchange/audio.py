"""The recordings in a REFI-QDA project, for an admin who asks for them: the voice identifies the
participant, so no export holds audio unless it is asked for.

A recording is one or more segments (a pause, a reload); an AudioSource has one path. The segments
are joined into one file by copying their packets end to end (a remux, never a re-encode), which is
exactly the recording's clock: the question markers and the listening page then give the same
times as the file. When the segments cannot be joined (different containers or codecs, a file
missing) each segment becomes an AudioSource of its own, `<code> segment n`, with the markers that
fall in it, timed from its own start. Every AudioSource carries the participant's text as its
transcript, with a SyncPoint at each question heading.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
from flask_babel import gettext as _

from interview.coding.document import HEADING_QUESTION, normalise
from interview.exchange.safety import ExchangeError
from interview.exchange.texts import heading_positions
from interview.models import Participant
from interview.recording.assembly import FORMATS, assembled_segments
from interview.register.recordings import base_type, segment_file

JOINED = "recording"


@dataclass(frozen=True)
class AudioFile:
    """One segment's assembled file and where it starts on the recording's clock."""

    number: int
    path: Path
    mime_type: str
    start_ms: int
    duration_ms: int


@dataclass(frozen=True)
class AudioPart:
    """One AudioSource: its files (joined in order), its place on the recording and its name."""

    code: str
    key: str
    name: str
    files: tuple[AudioFile, ...]

    @property
    def start_ms(self) -> int:
        """Where the part starts on the recording's clock."""
        return self.files[0].start_ms

    @property
    def end_ms(self) -> int:
        """Where the part ends on the recording's clock."""
        return self.files[-1].start_ms + self.files[-1].duration_ms

    @property
    def suffix(self) -> str:
        """The file name's extension, as the segment files have it."""
        return self.files[0].path.suffix

    def data(self) -> bytes:
        """The part's audio: the one file as it is, or the files joined."""
        if len(self.files) == 1:
            return self.files[0].path.read_bytes()
        return joined(self.code, self.files)


@dataclass(frozen=True)
class Audio:
    """A participant's AudioSources with the transcript text and its sync points."""

    code: str
    parts: tuple[AudioPart, ...]
    text: str
    # (position of a question heading in the text, that question's time on the recording's clock)
    syncs: tuple[tuple[int, int], ...]

    def syncs_in(self, part: AudioPart) -> list[tuple[int, int]]:
        """The sync points that fall in the part, timed from its start."""
        last = part is self.parts[-1]
        return [
            (position, ms - part.start_ms)
            for position, ms in self.syncs
            if part.start_ms <= ms < part.end_ms or (last and ms == part.end_ms)
        ]


def assemble(participants: Iterable[Participant]) -> None:
    """Bring every recording's files up to date (the record counts only assembled segments)."""
    for participant in participants:
        if participant.interview is not None:
            assembled_segments(participant.interview)


def participant_audio(
    participant: Participant,
    record: dict[str, Any],
    text: str,
    headings: Iterable[dict[str, Any]],
) -> Audio | None:
    """The participant's recording as AudioSources, or None without a playable one."""
    recording = (record.get("interview") or {}).get("recording")
    if not recording or participant.interview is None:
        return None
    ids = {s.number: s.client_id for s in participant.interview.recording_segments}
    files = [
        AudioFile(
            s["number"],
            segment_file(participant.code, ids[s["number"]], s["mime_type"]),
            s["mime_type"],
            s["position_ms"],
            s["duration_ms"],
        )
        for s in recording["segments"]
        if s["number"] in ids
    ]
    present = [f for f in files if f.path.is_file()]
    if not present:
        return None
    if len(present) == len(files) and joinable(files):
        parts = [AudioPart(participant.code, JOINED, f"{participant.code} {JOINED}", tuple(files))]
    else:
        parts = [
            AudioPart(
                participant.code,
                f"segment-{f.number}",
                f"{participant.code} segment {f.number}",
                (f,),
            )
            for f in present
        ]
    return Audio(participant.code, tuple(parts), text, question_syncs(record, headings))


def question_syncs(
    record: dict[str, Any], headings: Iterable[dict[str, Any]]
) -> tuple[tuple[int, int], ...]:
    """(position of the question's heading in the written text, its marker in ms) per question.

    The headings carry only their words, so each question heading is matched, in order, to the
    next protocol question of that wording (a heading of our own, "Before the first question",
    matches none and is passed over).
    """
    questions = [
        (normalise(question["text"]), question.get("opened_recording_ms"))
        for section in (record.get("interview") or {}).get("sections") or []
        for question in section.get("questions") or []
    ]
    syncs, next_question = [], 0
    for position, heading in heading_positions(headings):
        if heading["level"] != HEADING_QUESTION:
            continue
        for index in range(next_question, len(questions)):
            if questions[index][0] == heading["text"]:
                next_question = index + 1
                if questions[index][1] is not None:
                    syncs.append((position, int(questions[index][1])))
                break
    return tuple(syncs)


def stream_shape(path: Path) -> tuple[Any, ...] | None:
    """What must agree for two files' packets to share one stream, or None if unreadable."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                return None
            stream = container.streams.audio[0]
            context = stream.codec_context
            return (context.name, context.sample_rate, context.channels, stream.time_base)
    except (av.FFmpegError, OSError, ValueError):
        return None


def joinable(files: list[AudioFile]) -> bool:
    """Whether the files can be joined without re-encoding: one container, one codec set-up."""
    if len({base_type(f.mime_type) for f in files}) != 1:
        return False
    shapes = {stream_shape(f.path) for f in files}
    return len(shapes) == 1 and None not in shapes


def joined(code: str, files: tuple[AudioFile, ...]) -> bytes:
    """The files' packets copied end to end, each shifted to its start on the recording's clock."""
    output = io.BytesIO()
    try:
        with av.open(output, "w", format=FORMATS.get(base_type(files[0].mime_type), "webm")) as out:
            target = None
            for file in files:
                with av.open(str(file.path)) as source:
                    stream = source.streams.audio[0]
                    if target is None:
                        target = out.add_stream_from_template(stream)
                    shift, first = Fraction(file.start_ms, 1000) / stream.time_base, None
                    for packet in source.demux(stream):
                        if packet.dts is None or packet.pts is None:
                            continue  # the flush packet at the end of the stream
                        first = packet.pts if first is None else first
                        moved = round(shift) - first
                        packet.pts, packet.dts = packet.pts + moved, packet.dts + moved
                        packet.stream = target
                        out.mux(packet)
    except (av.FFmpegError, OSError, ValueError) as error:
        raise ExchangeError(
            _("The recording of %(code)s could not be joined: %(error)s", code=code, error=error)
        ) from error
    return output.getvalue()
