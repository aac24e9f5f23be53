"""The study-wide research exports are redacted: the bulk zip, the REFI-QDA project, the gate.

P08 (English) and P10 (Slovenian) type the consent name, listed people and a listed town into
every kind of free text, and two passages of each are coded (one cuts two names in half). No
listed term and no consent name may be anywhere in the bulk export zip (raw bytes, every member,
nested zips, PDF text and the PDF/A's record.json) or in the default .qdpx; the labels are the
same everywhere; the team's own copy with the audio stays unredacted; and while the review gate
refuses, every export path says so and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from exchange_helpers import qdpx_sources
from factories import named_participant
from helpers import post_form
from pdf_helpers import pdf_text
from redaction_helpers import LABEL, coded, leaked, the

from interview.cli import cli
from interview.export.bulk import jobs
from interview.extensions import db
from interview.models import AuditEvent, ExportJob
from interview.redaction import gate
from interview.redaction.records import research_record


@pytest.fixture
def study(app) -> dict[str, tuple[str, str]]:
    """P08 in English and P10 in Slovenian, each coded in alice's layer and the reconciled one;
    code -> the two quotes each export must show (a whole sentence, two half names)."""
    app.config["EXPORT_WORKERS"] = 1
    with app.test_request_context():
        codes = [named_participant(8, "en").code, named_participant(10, "sl").code]
    quotes = {}
    for code in codes:
        quotes[code] = coded(app, code)
        coded(app, code, "reconciled")
    return quotes


def research(app, code: str) -> dict:
    """The participant's redacted record."""
    with app.test_request_context():
        return research_record(the(code))


def everything_in(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """The bytes, then what they hold: zip members (nested zips too), a PDF's text and its
    attached files."""
    yield name, data
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from everything_in(f"{name}!{member}", archive.read(member))
    elif data.startswith(b"%PDF"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        yield f"{name} (text)", "".join(page.extract_text() for page in reader.pages).encode()
        for attached, contents in reader.attachments.items():
            for index, part in enumerate(contents):
                yield from everything_in(f"{name}#{attached}.{index}", part)


def leaks_in(name: str, data: bytes) -> list[str]:
    """Where in the file (or what it holds) a listed term or the consent name is found."""
    return [
        f"{where}: {leaked(found.decode('utf-8', 'replace'))}"
        for where, found in everything_in(name, data)
        if leaked(found.decode("utf-8", "replace"))
    ]


def table_column(data: bytes, code: str, column: str) -> list[str]:
    """One column of a CSV's rows of one participant (rows with the cell empty left out)."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return [row[column] for row in rows if row["participant_code"] == code and row[column]]


def bulk_zip(runner, tmp_path: Path) -> Path:
    """`interview export all --pdfa` into a zip."""
    out = tmp_path / "study.zip"
    result = runner.invoke(cli, ["export", "all", "--out", str(out), "--pdfa"])
    assert result.exit_code == 0, result.output
    return out


def test_no_name_survives_anywhere_in_the_bulk_export(app, study, runner, tmp_path):
    out = bulk_zip(runner, tmp_path)
    assert leaks_in(out.name, out.read_bytes()) == []
    with zipfile.ZipFile(out) as archive:
        answers = archive.read("answers.csv").decode("utf-8")
        citations = archive.read("citations.csv").decode("utf-8")
    assert LABEL.search(answers)  # the words are there, redacted
    for whole, halves in study.values():
        assert whole in citations and halves in citations


def test_labels_are_the_same_in_the_pdf_csvs_record_json_and_qdpx(
    app, study, runner, tmp_path, analyst_client
):
    out = bulk_zip(runner, tmp_path)
    qdpx = qdpx_sources(analyst_client.get("/exchange/study.qdpx?layer=alice").get_data())
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    for code in study:
        record = research(app, code)
        pdf = files[f"pdf/{code}.pdf"]
        attached = pypdf.PdfReader(io.BytesIO(pdf)).attachments["record.json"][0]
        assert json.loads(attached) == record
        assert set(LABEL.findall(json.dumps(record, ensure_ascii=False))) <= set(
            LABEL.findall(pdf_text(pdf))
        )
        questions = [q for s in record["interview"]["sections"] for q in s["questions"]]
        segments = [seg["text"] for q in questions for seg in q["segments"]]
        assert table_column(files["answers.csv"], code, "segment_text") == segments
        turns = [turn["text"] for turn in record["transcript"]["turns"]]
        assert table_column(files["transcript.csv"], code, "text") == turns
        text, _quotes = qdpx[code]
        assert all(turn["text"] in text for turn in record["transcript"]["turns"])


def test_the_qdpx_quotes_the_redacted_words_and_holds_no_name_or_audio(app, study, analyst_client):
    data = analyst_client.get("/exchange/study.qdpx?layer=alice").get_data()
    assert leaks_in("study.qdpx", data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(name.endswith((".qde", ".txt")) for name in archive.namelist())
    sources = qdpx_sources(data)
    for code, (whole, halves) in study.items():
        _text, quotes = sources[code]
        assert sorted(quotes) == sorted([whole, halves])
    with app.app_context():
        details = db.session.scalars(
            db.select(AuditEvent.detail).filter_by(action="export_qdpx")
        ).all()
    assert details and all(detail.endswith(", redacted") for detail in details)


def test_the_teams_own_copy_with_the_audio_is_unredacted(app, study, runner, tmp_path):
    out = tmp_path / "own.qdpx"
    result = runner.invoke(
        cli, ["export", "qdpx", "--out", str(out), "--layer", "alice", "--with-audio"]
    )
    assert result.exit_code == 0, result.output
    assert "unredacted" in result.output
    text, quotes = qdpx_sources(out.read_bytes())["P08"]
    assert "Petra" in text and any("Petra" in quote for quote in quotes)
    with app.app_context():
        detail = db.session.scalar(
            db.select(AuditEvent.detail).filter_by(action="export_qdpx_audio")
        )
    assert "unredacted" in detail


# --- the review gate -------------------------------------------------------------------------

MESSAGE = "Redaction suggestions are not reviewed yet for P08 (2)"


@pytest.fixture
def refused(app, study, monkeypatch):
    """The review gate refuses P08 (two suggestions nobody reviewed)."""

    def pending(participants) -> dict[str, int]:
        return {"P08": 2}

    monkeypatch.setattr(gate, "unreviewed", pending)
    app.extensions[jobs.RUNNER_KEY] = jobs.run_job
    return app


@pytest.mark.parametrize(
    "path",
    [
        "/participants/P08/record.json",
        "/participants/P08/coding.pdf",
        "/participants/P08/coding.pdf?pdfa=1",
        "/results/",
        "/results/results.pdf?layer=alice",
        "/results/files/citations.csv?layer=alice",
        "/exchange/study.qdpx?layer=alice",
    ],
)
def test_the_gate_stops_every_download_with_a_clear_message(refused, analyst_client, path):
    response = analyst_client.get(path)
    assert response.status_code == 409
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert MESSAGE in page and "Nothing was exported." in page
    assert leaked(page) == []


def test_the_gate_answers_json_clients_in_json(refused, analyst_client):
    response = analyst_client.get(
        "/participants/P08/record.json", headers={"Accept": "application/json"}
    )
    assert response.status_code == 409
    assert response.get_json()["participants"] == {"P08": 2}


def test_the_gate_stops_the_bulk_export_before_any_job(refused, admin_client):
    response = post_form(admin_client, "/export/jobs", token_from="/export/")
    assert response.status_code == 409
    assert MESSAGE in response.get_data(as_text=True)
    with refused.app_context():
        assert db.session.scalar(db.select(db.func.count(ExportJob.id))) == 0
    exports = Path(refused.instance_path) / "exports"
    assert not exports.exists() or list(exports.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["export", "all", "--out", "{out}/study.zip"],
        ["export", "qdpx", "--out", "{out}/study.qdpx"],
        ["analysis", "citations"],
        ["analysis", "sample"],
    ],
)
def test_the_gate_stops_the_command_line_in_one_line(refused, runner, tmp_path, args):
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(cli, [arg.format(out=out) for arg in args])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        f"Error: {MESSAGE}: review them before exporting."
    ]
    assert list(out.iterdir()) == []
