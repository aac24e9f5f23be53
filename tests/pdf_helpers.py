"""Helpers shared by the PDF tests: text extraction without running headers, record tweaks."""

import io
import re

import pypdf

from interview.record.segments import split_paragraphs

_RUNNING = re.compile(r"^(P\d+ — coding record.*|Page \d+ of \d+)$")


def squash(text: str) -> str:
    """Collapse all whitespace runs to one space."""
    return " ".join(text.split())


def pdf_lines(pdf: bytes) -> list[str]:
    """Return the PDF's extracted text lines, without running headers and footers."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lines = []
    for page in reader.pages:
        lines.extend(ln for ln in page.extract_text().splitlines() if not _RUNNING.match(ln))
    return lines


def pdf_text(pdf: bytes) -> str:
    """Return the PDF's text as one whitespace-normalised string (headers/footers removed)."""
    return squash(" ".join(pdf_lines(pdf)))


def add_answer(record: dict, text: str, question_id: str = "extra") -> dict:
    """Append an ad-hoc question answered with ``text`` to the last section, numbering segments."""
    questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
    last = max((seg["number"] for q in questions for seg in q["segments"]), default=0)
    number = record["participant"]["number"]
    segments = [
        {"id": f"{number}:{last + i}", "number": last + i, "text": paragraph}
        for i, paragraph in enumerate(split_paragraphs(text), start=1)
    ]
    question = {"id": question_id, "kind": "adhoc", "text": "Could you say more?",
                "prompts": [], "skipped": False, "opened_offset": 3599, "edited_offset": None,
                "answer": text, "segments": segments}  # fmt: skip
    record["interview"]["sections"][-1]["questions"].append(question)
    return record
