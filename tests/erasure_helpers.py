"""Helpers for the erasure tests: participants with marked words, and a search of the instance's bytes.

The search reads every file of the instance folder as stored (database, write-ahead log, cache,
exports) and also inside what a person could open: zip members unpacked, PDF text extracted. A
marker found nowhere is truly gone; the tests first prove the search finds it while it is there.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
from factories import captured_participant
from helpers import post_form

from interview.extensions import db
from interview.models import Answer, AnswerRevision, Change, Interview, Participant


def marked_participant(number: int, marker: str) -> str:
    """A full participant whose answer, its earlier text and a change carry ``marker``; its code."""
    participant = captured_participant(number)
    interview = db.session.execute(
        db.select(Interview).filter_by(participant_id=participant.id)
    ).scalar_one()
    answer = db.session.execute(
        db.select(Answer).filter_by(interview_id=interview.id, question_id="how-therapy-felt")
    ).scalar_one()
    answer.text = f"{marker}answer"
    db.session.add(AnswerRevision(answer_id=answer.id, text=f"{marker}earlier", version=1))
    db.session.add(
        Change(interview_id=interview.id, position=3, kind="improvement", description=marker)
    )
    db.session.commit()
    return participant.code


def contents(path: Path) -> Iterator[tuple[str, bytes]]:
    """The file's raw bytes, then what it holds when opened (zip members, PDF text)."""
    data = path.read_bytes()
    yield str(path), data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                member = archive.read(name)
                yield f"{path}!{name}", member
                if name.endswith(".pdf"):
                    yield f"{path}!{name} (text)", pdf_text(member)
    elif data.startswith(b"%PDF"):
        yield f"{path} (text)", pdf_text(data)


def pdf_text(pdf: bytes) -> bytes:
    """The text a reader of the PDF sees."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages).encode()


def places_holding(folder: Path, marker: str) -> list[str]:
    """Every file (or zip member, or PDF text) under ``folder`` that contains ``marker``."""
    needle = marker.encode()
    return [
        where
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        for where, data in contents(path)
        if needle in data
    ]


def code_exists(app, code: str) -> bool:
    """Whether a participant with this code is in the database."""
    with app.app_context():
        return db.session.scalar(db.select(Participant.id).filter_by(code=code)) is not None


def withdraw(client, code: str):
    """The admin's withdrawal form, confirmed."""
    return post_form(
        client, f"/participants/{code}/consent/withdraw", {"confirm": code}, token_from="/"
    )


def delete(client, code: str):
    """The admin's deletion form, confirmed."""
    return post_form(client, f"/participants/{code}/delete", {"confirm": code}, token_from="/")
