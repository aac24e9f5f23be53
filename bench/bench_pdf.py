"""Benchmark the coding PDF: cold and warm render against bare WeasyPrint on the same text.

Run: .venv/bin/python bench/bench_pdf.py   (prints figures; not a test)
"""

import html
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.pdf import render_coding_pdf  # noqa: E402
from interview.synthetic import make_record  # noqa: E402

RUNS = 5
# Same page geometry and font as the coding PDF, nothing else: what WeasyPrint alone costs.
FLOOR_CSS = """
@page { size: A4; margin: 2.2cm 6.5cm 2cm 2.8cm; }
html { font-family: "DejaVu Sans"; font-size: 10pt; line-height: 1.4; }
"""
COLD_SCRIPT = """
import time
start = time.perf_counter()
from interview.pdf import render_coding_pdf
from interview.synthetic import make_record
imported = time.perf_counter()
render_coding_pdf(make_record())
print(imported - start, time.perf_counter() - imported)
"""


def median_seconds(func: Callable[[], object], runs: int = RUNS) -> float:
    """Return the median CPU time of ``runs`` calls after one warm-up call."""
    # CPU time, not wall time: other work on a shared machine then barely moves the figures.
    func()
    times = []
    for _ in range(runs):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _p(*texts: object) -> str:
    """Return one plain paragraph of the given texts, escaped."""
    return "<p>" + html.escape(" ".join(str(t) for t in texts if t is not None)) + "</p>"


def floor_html(record: dict) -> str:
    """Return the coding PDF's visible text as plain paragraphs: cover, items, Q&A, changes."""
    parts = ["<!DOCTYPE html><html lang=en><meta charset=utf-8><body>"]
    parts.extend(_p(key, value) for key, value in record["participant"].items())
    parts.extend(
        _p(i["number"], i["label"], i["display"]) for i in record["questionnaire"]["items"]
    )
    for section in record["interview"]["sections"]:
        parts.append(f"<h2>{html.escape(section['title'])}</h2>")
        for question in section["questions"]:
            parts.append(f"<h3>{html.escape(question['text'])} {question['opened_offset']}</h3>")
            parts.extend(_p(prompt) for prompt in question["prompts"])
            parts.extend(_p(s["id"], s["text"]) for s in question["segments"])
    for change in record["interview"]["changes"]:
        ratings = [r and f"{r['value']} {r['label']}" for r in change["ratings"].values()]
        parts.append(_p(change["number"], change["description"], change["kind_label"], *ratings))
    return "".join(parts)


def render_floor(record: dict) -> bytes:
    """Render the record's text with bare WeasyPrint and a minimal stylesheet."""
    from weasyprint import CSS, HTML

    return HTML(string=floor_html(record)).write_pdf(stylesheets=[CSS(string=FLOOR_CSS)])


def cold_seconds() -> tuple[float, float, float]:
    """Return (process wall time, import time, first render time) for a fresh interpreter."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", COLD_SCRIPT], cwd=ROOT, check=True,
                            capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - start
    imported, rendered = (float(x) for x in result.stdout.split())
    return wall, imported, rendered


def page_count(pdf: bytes) -> int:
    """Return the number of pages of a PDF."""
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def bench_single() -> None:
    """Print cold, warm, line-numbered and floor figures for ``make_record()``."""
    record = make_record()
    wall, imported, first = cold_seconds()
    print(f"cold (new process): {wall:.2f} s wall; import {imported:.2f} s, render {first:.2f} s")
    pages = page_count(render_coding_pdf(record))
    warm = median_seconds(lambda: render_coding_pdf(record))
    floor = median_seconds(lambda: render_floor(record))
    print(f"warm render: {warm:.3f} s CPU, median of {RUNS} ({pages} pages)")
    print(
        f"floor (bare WeasyPrint, same text): {floor:.3f} s ({page_count(render_floor(record))} pages)"
    )
    print(f"ratio warm/floor: {warm / floor:.2f} (target <= 1.2)")
    numbered = median_seconds(lambda: render_coding_pdf(record, line_numbers=True), runs=3)
    archival = median_seconds(lambda: render_coding_pdf(record, pdfa=True), runs=3)
    print(f"line numbers: {numbered:.3f} s ({numbered / warm:.2f}x warm)")
    print(f"PDF/A-3u with record.json: {archival:.3f} s ({archival / warm:.2f}x warm)")


# ---------------------------------------------------------------------------------------------
# BULK EXPORT BENCH — owned by the exports engineer (interview/exports/); fill in this function
# only. main() calls it when `interview.exports` imports.
# ---------------------------------------------------------------------------------------------
def bench_bulk() -> None:
    """Export 100 synthetic participants sequentially, in parallel and unchanged; print figures."""
    import os
    import tempfile

    from interview.exports import default_workers, export_all

    records = [make_record(n, seed=n) for n in range(1, 101)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        seq = export_all(records, out / "sequential.zip", workers=1)
        before = os.times()
        par = export_all(records, out / "parallel.zip", cache_dir=out / "cache")
        # Worker CPU time shows whether a slow parallel run was starved by other processes.
        cpu = sum(os.times()[2:4]) - sum(before[2:4])
        again = export_all(records, out / "unchanged.zip", cache_dir=out / "cache")
    workers = f"{default_workers()} workers"
    print(f"bulk export of {len(records)} (zip, A4):")
    print(f"  sequential (1 process):         {seq.seconds:6.2f} s")
    print(f"  parallel ({workers}, first):     {par.seconds:6.2f} s (target <= 35 s)")
    print(f"    workers' CPU time {cpu:.1f} s = {cpu / len(records):.2f} s per PDF")
    print(f"  speed-up parallel/sequential:   {seq.seconds / par.seconds:6.2f}x (target >= 1.7x)")
    print(f"  unchanged re-export ({again.cached} cached): {again.seconds:6.2f} s (target <= 3 s)")


def main() -> None:
    """Run the single-record bench, then the bulk bench when the exports engine is present."""
    bench_single()
    try:
        import interview.exports  # noqa: F401
    except ImportError as error:
        print(f"bulk export: skipped ({error})")
        return
    bench_bulk()


if __name__ == "__main__":
    main()
