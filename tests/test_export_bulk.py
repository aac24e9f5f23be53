"""The bulk export engine: folder and zip output, the PDF cache, atomicity, worker processes."""

import io
import zipfile
from pathlib import Path

import pytest

from interview.export.bulk import cache as cache_module
from interview.export.bulk import runner as bulk
from interview.export.bulk.render import RenderError
from interview.export.bulk.runner import export_all
from interview.record.synthetic import make_record

CALLS: list[str] = []
TIDY = {
    "participants.csv",
    "changes.csv",
    "answers.csv",
    "transcript.csv",
    "tables.xlsx",
    "codebook.txt",
    "README.txt",
}


def fake_render(record: dict, *, page_size: str, line_numbers: bool, pdfa: bool) -> bytes:
    """Stand-in renderer: a tiny fake PDF naming the code and options, counted per call."""
    CALLS.append(record["participant"]["code"])
    return f"%PDF-fake {record['participant']['code']} {page_size} {line_numbers} {pdfa}".encode()


def failing_render(record: dict, **options: object) -> bytes:
    """Renderer that breaks on P06, to prove a failed export leaves nothing behind."""
    if record["participant"]["code"] == "P06":
        raise ValueError("layout exploded")
    return fake_render(record, **options)


FAKE = f"{__name__}:fake_render"
FAILING = f"{__name__}:failing_render"


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


@pytest.fixture
def records() -> list[dict]:
    """Two small synthetic participants."""
    return [make_record(n, seed=n, paragraphs_per_answer=1, words_per_paragraph=12) for n in (5, 6)]


def _export(records, out: Path, **options):
    """Export with the fake renderer in-process unless told otherwise."""
    return export_all(records, out, **{"workers": 1, "renderer": FAKE, **options})


def test_export_to_folder_writes_pdfs_and_tidy_files(records, tmp_path):
    summary = _export(records, tmp_path / "export")
    files = {p.relative_to(summary.path).as_posix() for p in summary.path.rglob("*") if p.is_file()}
    assert files == TIDY | {"pdf/P05.pdf", "pdf/P06.pdf"}
    assert (summary.path / "pdf/P06.pdf").read_bytes() == b"%PDF-fake P06 A4 False False"
    assert (summary.participants, summary.rendered, summary.cached) == (2, 2, 0)
    assert summary.seconds > 0
    assert [p.name for p in tmp_path.iterdir()] == ["export"]


def test_export_to_zip_names_inside_and_progress(records, tmp_path):
    seen = []
    summary = _export(records, tmp_path / "study.zip", progress=lambda d, t: seen.append((d, t)))
    assert summary.path == tmp_path / "study.zip"
    with zipfile.ZipFile(summary.path) as archive:
        assert set(archive.namelist()) == TIDY | {"pdf/P05.pdf", "pdf/P06.pdf"}
        assert archive.read("pdf/P05.pdf").startswith(b"%PDF-fake P05")
        assert archive.read("README.txt") == archive.read("codebook.txt")
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert [p.name for p in tmp_path.iterdir()] == ["study.zip"]


def test_empty_export_still_has_headers_and_codebook(tmp_path):
    summary = export_all([], tmp_path / "empty.zip", renderer=f"{__name__}:no_such_renderer")
    with zipfile.ZipFile(summary.path) as archive:
        assert set(archive.namelist()) == TIDY
        assert archive.read("changes.csv").startswith(b"participant_code,change_number,")
    assert (summary.participants, summary.rendered, summary.cached) == (0, 0, 0)


def test_render_options_reach_the_renderer(records, tmp_path):
    summary = _export(records, tmp_path / "out", page_size="Letter", line_numbers=True, pdfa=True)
    assert (summary.path / "pdf/P05.pdf").read_bytes() == b"%PDF-fake P05 Letter True True"


def test_unchanged_records_come_from_the_cache(records, tmp_path):
    cache = tmp_path / "cache"
    first = _export(records, tmp_path / "one.zip", cache_dir=cache)
    CALLS.clear()
    second = _export(records, tmp_path / "two.zip", cache_dir=cache)
    assert CALLS == []
    assert (second.rendered, second.cached) == (0, 2)
    with zipfile.ZipFile(first.path) as one, zipfile.ZipFile(second.path) as two:
        assert one.read("pdf/P06.pdf") == two.read("pdf/P06.pdf")


def test_changed_record_or_options_are_rendered_again(records, tmp_path):
    cache = tmp_path / "cache"
    _export(records, tmp_path / "one", cache_dir=cache)
    CALLS.clear()
    records[1]["interview"]["changes"][0]["description"] = "I can say no to my boss too."
    summary = _export(records, tmp_path / "two", cache_dir=cache)
    assert CALLS == ["P06"] and (summary.rendered, summary.cached) == (1, 1)
    CALLS.clear()
    _export(records, tmp_path / "three", cache_dir=cache, pdfa=True)
    assert sorted(CALLS) == ["P05", "P06"]


def test_failed_render_leaves_no_partial_export(records, tmp_path):
    for out in (tmp_path / "broken.zip", tmp_path / "broken"):
        with pytest.raises(RenderError, match="P06.*layout exploded"):
            export_all(records, out, workers=1, renderer=FAILING)
    assert list(tmp_path.iterdir()) == []


def test_reexport_replaces_an_existing_folder(records, tmp_path):
    _export(records, tmp_path / "out")
    (tmp_path / "out" / "stale.txt").write_text("old")
    summary = _export(records[:1], tmp_path / "out")
    assert not (summary.path / "stale.txt").exists()
    assert sorted(p.name for p in (summary.path / "pdf").iterdir()) == ["P05.pdf"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("field", ["name", "signature", "free_text"])
def test_records_with_identifying_fields_are_refused(records, tmp_path, field):
    records[0]["consent"][field] = "Marija Novak"
    with pytest.raises(ValueError, match=field):
        _export(records, tmp_path / "out.zip")
    assert CALLS == [] and list(tmp_path.iterdir()) == []


def test_duplicate_codes_are_refused(records, tmp_path):
    records[1]["participant"]["code"] = "P05"
    with pytest.raises(ValueError, match="pdf/P05.pdf"):
        _export(records, tmp_path / "out")


def test_two_worker_processes_render_real_pdfs(records, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    summary = export_all(records, tmp_path / "real.zip", workers=2, cache_dir=tmp_path / "c")
    assert (summary.rendered, summary.cached) == (2, 0)
    with zipfile.ZipFile(summary.path) as archive:
        for code in ("P05", "P06"):
            reader = pypdf.PdfReader(io.BytesIO(archive.read(f"pdf/{code}.pdf")))
            text = "".join(page.extract_text() for page in reader.pages)
            assert code in text and f"{code[1:].lstrip('0')}¶1" in text
    assert len(list((tmp_path / "c").glob("*.pdf"))) == 2


def test_a_worker_that_cannot_start_fails_the_export_instead_of_hanging(records, tmp_path):
    from concurrent.futures.process import BrokenProcessPool

    out = tmp_path / "out.zip"
    with pytest.raises(BrokenProcessPool):
        export_all(records, out, workers=2, renderer="interview.no_such_module:render")
    assert not out.exists()


def test_new_renderer_version_invalidates_the_cache(records, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _export(records, tmp_path / "one", cache_dir=cache)
    CALLS.clear()
    monkeypatch.setattr(bulk, "renderer_fingerprint", lambda renderer: "templates-v2")
    summary = _export(records, tmp_path / "two", cache_dir=cache)
    assert sorted(CALLS) == ["P05", "P06"] and summary.cached == 0


def test_fingerprint_follows_pdf_code_templates_and_css(tmp_path, monkeypatch):
    css = tmp_path / "pdf" / "coding.css"
    css.parent.mkdir()
    css.write_text("p { color: black; }")
    monkeypatch.setattr(cache_module, "static_dir", lambda: tmp_path)
    before = cache_module.renderer_fingerprint("interview.pdf.coding:render_coding_pdf")
    css.write_text("p { color: navy; }")
    after = cache_module.renderer_fingerprint("interview.pdf.coding:render_coding_pdf")
    assert before != after
    names = {p.name for p in cache_module._module_files("interview.pdf")}
    names |= {p.name for p in cache_module._asset_files()}
    assert {"coding.py", "coding.html", "coding.css"} <= names
