"""Making one playable file per segment: the uploaded chunks joined and remuxed, never re-encoded.

Chromium's recorder writes WebM without a duration or an index, so the raw chunks cannot be seeked;
copying the packets into a new container (PyAV, FFmpeg's libraries) writes both. The packets'
timestamps give the segment's exact length. A file that will not parse (a chunk damaged on the
tablet) leaves the segment without a duration; its chunks are kept and nothing else stops.
"""

from __future__ import annotations

import hashlib
import io
import logging

import av

from interview.extensions import db
from interview.models import Interview, RecordingSegment
from interview.register.recordings import base_type, chunk_path, segment_file, write_durably

FORMATS = {"audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "mp4"}

log = logging.getLogger(__name__)


class AssemblyError(Exception):
    """The chunks do not make a readable audio stream."""


def remux(data: bytes, mime_type: str) -> tuple[bytes, int]:
    """The joined chunks copied into a fresh container; returns (file bytes, duration in ms)."""
    output = io.BytesIO()
    try:
        with av.open(io.BytesIO(data), "r") as source:
            if not source.streams.audio:
                raise AssemblyError("no audio stream")
            stream = source.streams.audio[0]
            with av.open(output, "w", format=FORMATS.get(base_type(mime_type), "webm")) as target:
                copy = target.add_stream_from_template(stream)
                first, end = None, 0.0
                for packet in source.demux(stream):
                    if packet.dts is None or packet.pts is None:
                        continue  # the flush packet at the end of the stream
                    start = float(packet.pts * packet.time_base)
                    first = start if first is None else min(first, start)
                    end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
                    packet.stream = copy
                    target.mux(packet)
    except (av.FFmpegError, ValueError) as error:
        raise AssemblyError(str(error)) from error
    if first is None:
        raise AssemblyError("no audio packets")
    return output.getvalue(), round((end - first) * 1000)


def joined_chunks(code: str, segment: RecordingSegment) -> bytes:
    """The segment's chunks, in order, as one byte string."""
    return b"".join(
        chunk_path(code, segment.client_id, sequence).read_bytes()
        for sequence in range(segment.chunk_count)
    )


def assemble_segment(code: str, segment: RecordingSegment) -> bool:
    """(Re)make the segment's file from every chunk it has; the caller commits. False if it failed."""
    try:
        data, duration_ms = remux(joined_chunks(code, segment), segment.mime_type)
    except (AssemblyError, OSError) as error:
        log.warning("segment %s of %s could not be assembled: %s", segment.number, code, error)
        segment.assembled_chunks = segment.chunk_count
        return False
    try:
        write_durably(segment_file(code, segment.client_id, segment.mime_type), data)
    except OSError as error:
        # The chunks are safe; the file is made again on the next read.
        log.warning("segment %s of %s could not be written: %s", segment.number, code, error)
        return False
    segment.assembled_chunks = segment.chunk_count
    segment.duration_ms = duration_ms
    segment.file_size = len(data)
    segment.sha256 = hashlib.sha256(data).hexdigest()
    return True


def segments_of(interview: Interview) -> list[RecordingSegment]:
    """The interview's segments in recording order."""
    return list(
        db.session.execute(
            db.select(RecordingSegment)
            .filter_by(interview_id=interview.id)
            .order_by(RecordingSegment.number)
        ).scalars()
    )


def assembled_segments(interview: Interview) -> list[RecordingSegment]:
    """The interview's segments, each file brought up to date with its chunks (commits if needed)."""
    segments = segments_of(interview)
    stale = [segment for segment in segments if segment.assembled_chunks != segment.chunk_count]
    for segment in stale:
        assemble_segment(interview.participant.code, segment)
    if stale:
        db.session.commit()
    return segments
