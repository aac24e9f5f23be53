"""Helpers for the recording tests: WebM/Opus audio made with PyAV, uploads as recorder.js sends them."""

from __future__ import annotations

import hashlib
import io
import uuid
from urllib.parse import urlencode

import av
import numpy as np
from helpers import csrf_token

CODE = "P01"
CHUNKS = f"/participants/{CODE}/recording/chunks"
SCREEN = f"/participants/{CODE}/interview"
WEBM = "audio/webm;codecs=opus"
RATE = 48_000
FRAME = 960  # 20 ms of Opus


def webm_audio(seconds: float, pitch: float = 440.0) -> bytes:
    """A mono WebM/Opus recording of a tone, like Chromium's MediaRecorder makes."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=RATE)
        stream.layout = "mono"
        for start in range(0, int(seconds * RATE), FRAME):
            times = (np.arange(FRAME) + start) / RATE
            samples = (np.sin(2 * np.pi * pitch * times) * 0.3).astype("float32").reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
            frame.sample_rate, frame.pts = RATE, start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def split(data: bytes, pieces: int) -> list[bytes]:
    """Cut a file into pieces the way timeslices cut a recording (anywhere, not at frames)."""
    size = -(-len(data) // pieces)
    return [data[i : i + size] for i in range(0, len(data), size)]


def new_segment() -> str:
    """A segment id as the browser makes it."""
    return str(uuid.uuid4())


def chunk_url(
    segment: str,
    sequence: int,
    data: bytes,
    *,
    age_ms: int = 0,
    final: str = "",
    code: str = CODE,
    sha256: str | None = None,
    mime: str = WEBM,
) -> str:
    """The upload address recorder.js builds for one chunk."""
    query = {
        "segment": segment,
        "sequence": sequence,
        "sha256": sha256 if sha256 is not None else hashlib.sha256(data).hexdigest(),
        "age": age_ms,
        "type": mime,
    }
    if final:
        query["final"] = final
    return f"/participants/{code}/recording/chunks?{urlencode(query)}"


def upload(client, segment: str, sequence: int, data: bytes, token: str | None = None, **options):
    """POST one chunk as recorder.js does (raw body, token in X-CSRFToken)."""
    token = token or csrf_token(client, SCREEN)
    return client.post(
        chunk_url(segment, sequence, data, **options),
        data=data,
        headers={"X-CSRFToken": token, "Content-Type": "application/octet-stream"},
    )
