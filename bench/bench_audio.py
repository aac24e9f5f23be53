"""Benchmark the recording's chunk uploads beside autosave, on the real server.

Run: .venv/bin/python bench/bench_audio.py [--tablets 20] [--typists 20] [--seconds 30]
(prints figures; not a test). Like bench_autosave.py (whose helpers it uses) it starts
`interview serve` on a temporary instance. `--tablets` clients each record their own interview:
every `--chunk-seconds` (5) they upload a chunk of 64 kbit/s audio (40 KB) as recorder.js does,
while `--typists` other clients autosave answers of one more interview (a pause of about
`--think` seconds between saves). At the end every acknowledged chunk must be on disk, byte for
byte, and in the database. Prints `chunk ack p95 … ms`, `autosave p95 … ms`, `chunks lost …`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench_autosave import (
    CODE,
    Client,
    Tally,
    consented_participant,
    percentile,
    prepare,
    run_client,
    start_server,
)
from bench_autosave import free_port as free_port_for_server

BITRATE = 64_000  # bits per second
WEBM = "audio/webm;codecs=opus"


@dataclass
class ChunkTally:
    """One tablet's uploads."""

    code: str
    segment: str = field(default_factory=lambda: str(uuid.uuid4()))
    latencies: list[float] = field(default_factory=list)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def recording_participants(count: int) -> list[str]:
    """``count`` participants whose consent allows recording, each with a started interview."""
    from interview import create_app
    from interview.extensions import db
    from interview.interviews.services import start_interview
    from interview.models import User

    app = create_app()
    codes = []
    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(username="bench")).scalar_one()
        for _number in range(count):
            participant = consented_participant(user)
            participant.consent.clause_answers = {"voluntary": True, "recording": True}
            db.session.commit()
            start_interview(participant, user)
            codes.append(participant.code)
        db.engine.dispose()
    return codes


def upload(client: Client, tally: ChunkTally, sequence: int, data: bytes, started: float) -> None:
    """One chunk, as recorder.js sends it; the acknowledgement is timed."""
    digest = hashlib.sha256(data).hexdigest()
    query = urlencode({"segment": tally.segment, "sequence": sequence, "sha256": digest,
                       "age": int((time.time() - started) * 1000), "type": WEBM})  # fmt: skip
    headers = {"Cookie": client.cookie, "X-CSRFToken": client.token,
               "Content-Type": "application/octet-stream", "Accept": "application/json"}  # fmt: skip
    began = time.perf_counter()
    client.connection.request(
        "POST", f"/participants/{tally.code}/recording/chunks?{query}", body=data, headers=headers
    )
    response = client.connection.getresponse()
    body = response.read()
    tally.latencies.append(time.perf_counter() - began)
    if response.status == 200 and b'"ok":true' in body:
        tally.acknowledged.append((sequence, digest))
    else:
        tally.errors.append(f"{response.status} {body[:200]!r}")


def run_tablet(client: Client, tally: ChunkTally, until: float, every: float) -> None:
    """Upload a chunk every ``every`` seconds until time is up (tablets start out of phase)."""
    size = int(BITRATE / 8 * every)
    started = time.time()
    time.sleep(random.uniform(0, every))
    sequence, due = 0, time.perf_counter()
    while time.perf_counter() < until:
        try:
            upload(client, tally, sequence, os.urandom(size), started)
        except OSError as error:
            tally.errors.append(repr(error))
        sequence += 1
        due += every
        time.sleep(max(0.0, due - time.perf_counter()))


def lost_chunks(instance: Path, tallies: list[ChunkTally]) -> int:
    """Acknowledged chunks missing from the database or whose file differs from what was sent."""
    from interview import create_app
    from interview.extensions import db
    from interview.models import RecordingChunk, RecordingSegment
    from interview.register.recordings import chunk_path

    app = create_app()
    lost = 0
    with app.app_context():
        stored = set(
            db.session.execute(
                db.select(
                    RecordingSegment.client_id, RecordingChunk.sequence, RecordingChunk.sha256
                ).join(RecordingSegment, RecordingSegment.id == RecordingChunk.segment_id)
            ).all()
        )
        for tally in tallies:
            for sequence, digest in tally.acknowledged:
                path = chunk_path(tally.code, tally.segment, sequence)
                on_disk = path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest
                lost += not (on_disk and (tally.segment, sequence, digest) in stored)
        db.engine.dispose()
    return lost


def main() -> None:
    """Prepare, serve, record and type at once for the given time, count back, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=20)
    parser.add_argument("--typists", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--chunk-seconds", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=0.25, help="pause between a typist's saves")
    parser.add_argument("--threads", type=int, default=8, help="server worker threads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        ids, _codes = prepare(instance)
        recorded = recording_participants(args.tablets)
        port = free_port_for_server()
        server = start_server(instance, port, args.threads)
        try:
            typists = [Client(port) for _ in range(args.typists)]
            tablets = [Client(port) for _ in range(args.tablets)]
            for client in typists + tablets:
                client.login()
            if typists:
                typists[0].page_token(f"/participants/{CODE}")
                assert typists[0].post_form(f"/participants/{CODE}/interview/start") == 302
            for client in typists:
                client.page_token(f"/participants/{CODE}/interview")
            for client, code in zip(tablets, recorded, strict=True):
                client.page_token(f"/participants/{code}/interview")
            typed = [Tally() for _ in typists]
            chunks = [ChunkTally(code) for code in recorded]
            until = time.perf_counter() + args.seconds
            threads = [
                threading.Thread(target=run_client, args=(c, n, ids, until, args.think, t))
                for n, (c, t) in enumerate(zip(typists, typed, strict=True))
            ] + [
                threading.Thread(target=run_tablet, args=(c, t, until, args.chunk_seconds))
                for c, t in zip(tablets, chunks, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=10)
        report(args, typed, chunks, lost_chunks(instance, chunks))


def report(args, typed: list[Tally], chunks: list[ChunkTally], lost: int) -> None:
    """Print the figures."""
    acks = [x for t in chunks for x in t.latencies]
    saves = [x for t in typed for x in t.latencies]
    errors = [e for t in chunks for e in t.errors] + [e for t in typed for e in t.errors]
    print(f"audio: {args.tablets} tablets uploading {args.chunk_seconds:g} s chunks at "
          f"{BITRATE // 1000} kbit/s, {args.typists} typists, {args.seconds:g} s, "
          f"server threads {args.threads}")  # fmt: skip
    print(f"chunk ack p95 {percentile(acks, 0.95):.1f} ms "
          f"(p50 {percentile(acks, 0.5):.1f}, max {max(acks) * 1000:.1f}; {len(acks)} chunks; "
          "target p95 <= 100)")  # fmt: skip
    if saves:
        print(f"autosave p95 {percentile(saves, 0.95):.1f} ms "
              f"(p50 {percentile(saves, 0.5):.1f}; {len(saves)} saves; target p95 <= 20)")  # fmt: skip
    print(f"chunks lost {lost}")
    print(f"errors {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))


if __name__ == "__main__":
    main()
