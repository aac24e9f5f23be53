"""Benchmark the coding workbench: page weight, save latency, the study-wide comparison.

Run: .venv/bin/python bench/bench_coding.py (prints figures; not a test). It builds a temporary
instance with the real migrations and drives the app in-process through Flask's test client (the
full request path: login gate, CSRF, JSON parsing, the service, the commit on SQLite):

1. one transcript of 10 000 words with 300 codings: the coding page and its CSS/JS in bytes
   (uncompressed, as waitress sends them; budget 150 KB);
2. 200 saves of a new coding through the page's endpoint: p50 / p95 latency (budget p95 30 ms);
3. 100 interviews of ~3 500 words, two coders × 50 codings each, both marked done: the study-wide
   comparison, as the service and as the page (budget 1 s).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The tests' factories make the same interviewed participant the coding tests use.
sys.path.insert(0, str(ROOT / "tests"))

from factories import interviewed_participant  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from interview import create_app  # noqa: E402
from interview.auth.users import create_user  # noqa: E402
from interview.coding.citations import Layer, new_citation, open_document  # noqa: E402
from interview.coding.codebook import all_codes, ensure_codebook  # noqa: E402
from interview.coding.compare import compare, open_documents  # noqa: E402
from interview.coding.document import text_sha256  # noqa: E402
from interview.coding.operations import Operation, apply_operation  # noqa: E402
from interview.extensions import db  # noqa: E402
from interview.instruments.snapshots import current_instruments  # noqa: E402
from interview.models import (  # noqa: E402
    PLACED_BY_HAND,
    SPEAKERS,
    Citation,
    CodingDocument,
    CodingMark,
    Participant,
    User,
    citation_codes,
)
from interview.transcripts.store import REASON_IMPORTED, Turn, save_transcript  # noqa: E402

PASSWORD = "bench password 123"
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')
WORDS = [
    "terapevtka",
    "me",
    "je",
    "razumela",
    "and",
    "I",
    "felt",
    "heard",
    "when",
    "she",
    "said",
    "it",
    "was",
    "safe",
    "to",
    "cry",
    "zaupala",
    "sem",
    "ji",
    "čeprav",
    "je",
    "bilo",
    "težko",
    "sometimes",
    "we",
    "sat",
    "in",
    "silence",
    "and",
    "that",
    "helped",
    "počutila",
    "sem",
    "se",
    "sprejeto",
    "without",
    "judgement",
    "she",
    "remembered",
    "everything",
    "I",
    "told",
    "her",
]


def words(rng: random.Random, count: int) -> str:
    """`count` words in sentences and paragraphs of varying length."""
    out, sentence = [], []
    for index in range(count):
        sentence.append(rng.choice(WORDS))
        if len(sentence) > rng.randint(6, 18) or index == count - 1:
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
            if rng.random() < 0.15:
                out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n")


def spans(rng: random.Random, length: int, count: int) -> list[tuple[int, int]]:
    """`count` non-overlapping passages of 20–200 characters spread over the text."""
    slot = length // count
    result = []
    for index in range(count):
        start = index * slot + rng.randrange(max(1, slot // 4))
        result.append((start, min(start + rng.randint(20, min(200, slot - 1)), length)))
    return result


def big_interview(app, rng: random.Random) -> str:
    """P01: a transcript of 10 000 words in 200 turns over the protocol's questions, 300 codings
    by maja; returns the code."""
    with app.app_context():
        questions = [q.id for s in current_instruments().interview.sections for q in s.questions]
    code = interviewed_participant(app, {q: words(rng, 20) for q in questions}, by="maja")
    with app.test_request_context():
        anna = db.session.scalar(db.select(User).filter_by(username="maja"))
        participant = db.session.scalar(db.select(Participant).filter_by(code=code))
        turns = [
            Turn(
                SPEAKERS[number % 2],
                number * 15_000,
                words(rng, 50),
                questions[number * len(questions) // 200],
                PLACED_BY_HAND,
            )
            for number in range(200)
        ]
        save_transcript(participant, turns, by=anna, reason=REASON_IMPORTED, source_format="vtt")
        document, _changed = open_document(participant)
        assert document.source == "transcript", document.source
        codes = [c for c in all_codes() if not c.retired]
        layer = Layer.of_coder(anna.id)
        for start, end in spans(rng, len(document.text), 300):
            new_citation(
                document, layer, anna.id, (start, end), [rng.choice(codes)], guid=str(uuid.uuid4())
            )
        db.session.commit()
        print(f"document: {len(document.text.split())} words, {len(document.text)} characters")
        return participant.code


def login(app, name: str):
    client = app.test_client()
    token = CSRF_META.search(client.get("/login").get_data(as_text=True)).group(1)
    response = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return client


def page_weight(client, code: str) -> None:
    html = client.get(f"/coding/{code}").get_data()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)
    sizes = {asset.decode(): len(client.get(asset.decode()).get_data()) for asset in assets}
    total = len(html) + sum(sizes.values())
    print(
        f"coding page: HTML {len(html) / 1024:.1f} KB + assets {sum(sizes.values()) / 1024:.1f} KB"
    )
    print(
        f"  = {total / 1024:.1f} KB transferred (budget 150 KB) {'OK' if total <= 150 * 1024 else 'OVER'}"
    )


def save_latency(app, client, code: str, rng: random.Random) -> None:
    html = client.get(f"/coding/{code}").get_data(as_text=True)
    token = CSRF_META.search(html).group(1)
    with app.app_context():
        text = db.session.scalar(db.select(CodingDocument.text))
        guid = next(c.guid for c in all_codes() if not c.retired)
    times = []
    for start, end in spans(rng, len(text), 200):
        body = {
            "op": str(uuid.uuid4()),
            "kind": "create",
            "citation": str(uuid.uuid4()),
            "start": start,
            "end": end,
            "quote": text[start:end],
            "codes": [guid],
        }
        began = time.perf_counter()
        response = client.post(
            f"/coding/{code}/ops?layer=mine", json=body, headers={"X-CSRFToken": token}
        )
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.get_json()
    report("saving a coding through the endpoint (200 saves)", times, 30)
    with app.app_context():
        document = db.session.scalar(db.select(CodingDocument))
        maja = db.session.scalar(db.select(User).filter_by(username="maja"))
        times = []
        for start, end in spans(rng, len(text), 200):
            operation = Operation(
                op_id=str(uuid.uuid4()),
                kind="create",
                citation=str(uuid.uuid4()),
                start=start,
                end=end,
                quote=text[start:end],
                codes=(guid,),
            )
            began = time.perf_counter()
            apply_operation(document, Layer.of_coder(maja.id), maja, operation)
            times.append((time.perf_counter() - began) * 1000)
    report("  of which the service and its commit", times, None)


def report(what: str, times: list[float], budget: float | None) -> None:
    times = sorted(times)
    p95 = times[int(len(times) * 0.95) - 1]
    verdict = "" if budget is None else f" (budget {budget} ms) {'OK' if p95 <= budget else 'OVER'}"
    print(f"{what}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms{verdict}")


def study(app, rng: random.Random) -> None:
    """100 interviews × 2 coders × 50 codings, inserted directly (the comparison reads them)."""
    with app.app_context():
        maja, tine = (
            db.session.scalar(db.select(User).filter_by(username=n)) for n in ("maja", "tine")
        )
        codes = [c.id for c in all_codes() if not c.retired][:10]
        first = (db.session.scalar(db.select(db.func.max(Participant.number))) or 0) + 1
        citations, links = [], []
        for number in range(first, first + 100):
            participant = Participant(
                number=number,
                code=f"P{number:03d}",
                therapist_code="T1",
                session_date=date(2026, 1, 1),
            )
            db.session.add(participant)
            db.session.flush()
            text = words(rng, 3_500)
            document = CodingDocument(
                participant_id=participant.id,
                source="answers",
                text=text,
                sha256=text_sha256(text),
                headings=[],
                next_number=101,
            )
            db.session.add(document)
            db.session.flush()
            db.session.add_all(
                [CodingMark(document_id=document.id, user_id=u.id) for u in (maja, tine)]
            )
            base = spans(rng, len(text), 50)
            for coder, shift in ((maja, 0), (tine, 1)):
                for n, (start, end) in enumerate(base, 1):
                    jitter = rng.randint(-15, 15) * shift
                    s, e = max(0, start + jitter), min(len(text), end + jitter)
                    citations.append(
                        dict(
                            guid=str(uuid.uuid4()),
                            document_id=document.id,
                            layer="coder",
                            coder_id=coder.id,
                            number=n + 50 * shift,
                            start=s,
                            end=e,
                            quote=text[s:e],
                            memo="",
                        )
                    )
        db.session.execute(db.insert(Citation), citations)
        ids = db.session.execute(db.select(Citation.id, Citation.guid)).all()
        by_guid = dict((g, i) for i, g in ids)
        for row in citations:
            links.append({"citation_id": by_guid[row["guid"]], "code_id": rng.choice(codes)})
        db.session.execute(citation_codes.insert(), links)
        db.session.commit()
        began = time.perf_counter()
        documents, _held = open_documents(maja, maja, tine)
        comparison = compare(documents, maja, tine)
        service = time.perf_counter() - began
        print(
            f"study-wide comparison: {comparison.documents} interviews, "
            f"{comparison.characters} characters, {len(comparison.rows)} codes: {service * 1000:.0f} ms (service)"
        )
    client = login(app, "maja")
    began = time.perf_counter()
    response = client.get("/coding/compare?a=maja&b=tine")
    page = time.perf_counter() - began
    assert response.status_code == 200
    print(f"  the page: {page * 1000:.0f} ms (budget 1 s) {'OK' if page <= 1 else 'OVER'}")


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            for name in ("maja", "tine"):
                create_user(name, PASSWORD).role = "analyst"
            db.session.commit()
            ensure_codebook()
        code = big_interview(app, rng)
        client = login(app, "maja")
        page_weight(client, code)
        save_latency(app, client, code, rng)
        study(app, rng)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
