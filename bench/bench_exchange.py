"""Benchmark the REFI-QDA exchange: export and import of 100 participants with 5 000 codings.

Run: .venv/bin/python bench/bench_exchange.py (prints figures; not a test). It builds a temporary
instance with the real migrations: 100 interviews of ~3 500 words (the study's length), 50
codings each by maja, inserted directly as bench_coding.py does. Then it times
`export_project` (the .qdpx bytes, as `interview export qdpx` and the page make them) and the
import of that file as tine's layer (read, plan, apply in one transaction). Budget: 5 s each.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_coding import spans, words  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from interview import create_app  # noqa: E402
from interview.auth.users import create_user  # noqa: E402
from interview.coding.codebook import all_codes, ensure_codebook  # noqa: E402
from interview.coding.document import text_sha256  # noqa: E402
from interview.exchange.exports import export_project  # noqa: E402
from interview.exchange.importer import apply_import, plan_import  # noqa: E402
from interview.exchange.reader import read_project  # noqa: E402
from interview.extensions import db  # noqa: E402
from interview.models import (  # noqa: E402
    Citation,
    CodingDocument,
    Participant,
    User,
    citation_codes,
)

PARTICIPANTS, PER_PARTICIPANT, BUDGET = 100, 50, 5.0


def study(rng: random.Random) -> None:
    """100 participants, each a document with headings and 50 of maja's codings."""
    maja = db.session.scalar(db.select(User).filter_by(username="maja"))
    codes = [c.id for c in all_codes() if not c.retired]
    rows = []
    for number in range(1, PARTICIPANTS + 1):
        participant = Participant(
            number=number, code=f"P{number:03d}", therapist_code="T1", session_date=date(2026, 1, 1)
        )
        db.session.add(participant)
        db.session.flush()
        text = words(rng, 3_500)
        headings = [{"offset": 0, "level": 1, "text": "General"}]
        headings += [{"offset": text.index("\n\n") + 2, "level": 2, "text": "What helped?"}]
        document = CodingDocument(
            participant_id=participant.id,
            source="answers",
            text=text,
            sha256=text_sha256(text),
            headings=headings,
            next_number=PER_PARTICIPANT + 1,
        )
        db.session.add(document)
        db.session.flush()
        for n, (start, end) in enumerate(spans(rng, len(text), PER_PARTICIPANT), 1):
            rows.append(
                dict(
                    guid=str(uuid.uuid4()),
                    document_id=document.id,
                    layer="coder",
                    coder_id=maja.id,
                    created_by_id=maja.id,
                    number=n,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    memo="",
                )
            )
    db.session.execute(db.insert(Citation), rows)
    ids = dict(db.session.execute(db.select(Citation.guid, Citation.id)).all())
    links = [{"citation_id": ids[r["guid"]], "code_id": rng.choice(codes)} for r in rows]
    db.session.execute(citation_codes.insert(), links)
    db.session.commit()


def timed(what: str, function):
    began = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - began
    print(
        f"{what}: {seconds:.2f} s (budget {BUDGET:.0f} s) {'OK' if seconds <= BUDGET else 'OVER'}"
    )
    return result


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            for name in ("maja", "tine"):
                create_user(name, "bench password 123").role = "analyst"
            db.session.commit()
            ensure_codebook()
            study(rng)
            project = timed(
                "export 100 participants, 5 000 codings", lambda: export_project("maja", "maja")
            )
            print(f"  {len(project.data) / 1024:.0f} KB, {project.selections} selections")
            tine = db.session.scalar(db.select(User).filter_by(username="tine"))

            def run_import():
                plan = plan_import(read_project(project.data), tine)
                apply_import(plan, tine)
                return plan

            plan = timed("import of that project as tine's layer", run_import)
            print(f"  {len(plan.codings)} codings, {len(plan.problems)} not found")
            db.engine.dispose()


if __name__ == "__main__":
    main()
