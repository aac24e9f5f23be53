"""Benchmark the coding PDF: cold and warm render against bare WeasyPrint on the same text.

Run: .venv/bin/python bench/bench_pdf.py [--single]   (prints figures; not a test)

The floor is the coding PDF's own visible text (taken from its HTML, so the two cannot drift
apart), including the running header and "Page X of Y" footer, as plain headings and paragraphs
under a minimal stylesheet with the same page geometry and font. Both are timed in the same
process, alternately, in CPU time, each after a full garbage collection: on this shared
2-core machine wall time and whichever render a collection happens to land on move the figures
more than the differences being measured.
"""

import gc
import html
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.pdf.coding import coding_html, render_coding_pdf  # noqa: E402
from interview.record.synthetic import make_record  # noqa: E402

RUNS = 7
# Same page geometry and font as the coding PDF, nothing else: what WeasyPrint alone costs.
FLOOR_CSS = """
@page { size: A4; margin: 2.2cm 6.5cm 2cm 2.8cm; }
html { font-family: "DejaVu Sans"; font-size: 10pt; line-height: 1.4; }
"""
# The same running header and footer text as the coding PDF (a static title, the section).
FLOOR_RUNNING_CSS = """
@page {
  @top-left { content: "%s"; }
  @top-right { content: string(section); }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); }
}
h2 { string-set: section content(); }
"""
COLD_SCRIPT = """
import time
start = time.perf_counter()
from interview.pdf.coding import render_coding_pdf
from interview.record.synthetic import make_record
imported = time.perf_counter()
render_coding_pdf(make_record())
print(imported - start, time.perf_counter() - imported)
"""


class _VisibleText(HTMLParser):
    """Collect the visible text of an HTML page as one paragraph per block or table row."""

    BLOCKS = {"h1": "h1", "h2": "h2", "p": "p", "li": "p", "tr": "p"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.blocks, self.text, self.tag = "", [], [], None
        self.keep_newlines = False

    def flush(self) -> None:
        """End the current block; answers keep their single newlines, as `pre-line` shows them."""
        text = "".join(self.text)
        lines = text.split("\n") if self.keep_newlines else [text]
        body = "<br>".join(html.escape(" ".join(line.split())) for line in lines)
        if body.strip():
            self.blocks.append(f"<{self.tag}>{body}</{self.tag}>")
        self.text, self.tag, self.keep_newlines = [], None, False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in self.BLOCKS:
            self.flush()
            self.tag = self.BLOCKS[tag]
            self.keep_newlines = "seg" in (attributes.get("class") or "").split()
        # Generated content: the segment id shown in the margin.
        if "data-sid" in attributes and self.tag:
            self.text.append(attributes["data-sid"] + " ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.flush()
        elif tag in ("td", "th", "br", "span"):
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "title" and not self.title:
            self.title = data
        elif self.tag:
            self.text.append(data)


def floor_document(record: dict, rendered_at: datetime) -> tuple[str, str]:
    """Return (HTML, running-header CSS) with the coding PDF's visible text as plain blocks."""
    parser = _VisibleText()
    parser.feed(coding_html(record, rendered_at))
    parser.flush()
    body = "".join(parser.blocks)
    page = f"<!DOCTYPE html><html lang=en><meta charset=utf-8><body>{body}</body></html>"
    title = parser.title.replace("\\", "\\\\").replace('"', '\\"')
    return page, FLOOR_RUNNING_CSS % title


def floor_renderer(record: dict, running: bool = True) -> Callable[[], bytes]:
    """Return a function rendering the record's visible text with bare WeasyPrint."""
    from weasyprint import CSS, HTML

    page, running_css = floor_document(record, datetime.now(UTC))
    css = FLOOR_CSS + (running_css if running else "")
    return lambda: HTML(string=page).write_pdf(stylesheets=[CSS(string=css)])


def cpu_seconds(func: Callable[[], object]) -> float:
    """Return the CPU time of one call, starting from a freshly collected heap."""
    # CPU time, not wall time: other work on a shared machine then barely moves the figures.
    gc.collect()
    start = time.process_time()
    func()
    return time.process_time() - start


def medians(funcs: dict[str, Callable[[], object]], runs: int = RUNS) -> dict[str, float]:
    """Return each function's median CPU time; one warm-up each, then runs taken in turn."""
    for func in funcs.values():
        func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            times[name].append(cpu_seconds(func))
    return {name: statistics.median(values) for name, values in times.items()}


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
    """Print cold, warm, floor, line-numbered and PDF/A figures for ``make_record()``."""
    record = make_record()
    wall, imported, first = cold_seconds()
    print(f"cold (new process): {wall:.2f} s wall; import {imported:.2f} s, render {first:.2f} s")
    floor, bare = floor_renderer(record), floor_renderer(record, running=False)
    pages, floor_pages = page_count(render_coding_pdf(record)), page_count(floor())
    figures = medians({"warm": lambda: render_coding_pdf(record), "floor": floor, "bare": bare})
    warm = figures["warm"]
    print(f"warm render: {warm:.3f} s CPU, median of {RUNS} ({pages} pages)")
    print(
        f"floor (bare WeasyPrint, same visible text): {figures['floor']:.3f} s ({floor_pages} pages)"
    )
    print(f"  of which running header and footer: {figures['floor'] - figures['bare']:.3f} s")
    print(f"ratio warm/floor: {warm / figures['floor']:.2f} (target <= 1.2); "
          f"without header/footer in the floor: {warm / figures['bare']:.2f}")  # fmt: skip
    extra = medians(
        {
            "numbered": lambda: render_coding_pdf(record, line_numbers=True),
            "archival": lambda: render_coding_pdf(record, pdfa=True),
        },
        runs=3,
    )
    print(f"line numbers: {extra['numbered']:.3f} s ({extra['numbered'] / warm:.2f}x warm)")
    print(
        f"PDF/A-3u with record.json: {extra['archival']:.3f} s ({extra['archival'] / warm:.2f}x warm)"
    )


def bench_bulk() -> None:
    """Export 100 synthetic participants sequentially, in parallel and unchanged; print figures."""
    import os
    import tempfile

    from interview.export.bulk.render import default_workers
    from interview.export.bulk.runner import export_all

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


def bench_transcript() -> None:
    """A 10 000-word transcript record against bare WeasyPrint; reading a 90-minute VTT."""
    record = make_record(transcript_words=10_000)
    words = sum(len(turn["text"].split()) for turn in record["transcript"]["turns"])
    floor = floor_renderer(record)
    pages = page_count(render_coding_pdf(record))
    figures = medians({"warm": lambda: render_coding_pdf(record), "floor": floor}, runs=5)
    print(f"transcript record ({words} transcript words, {pages} pages, every line numbered):")
    print(f"  warm render {figures['warm']:.3f} s CPU, floor {figures['floor']:.3f} s; "
          f"ratio {figures['warm'] / figures['floor']:.2f} (target <= 1.2)")  # fmt: skip
    text = ninety_minute_vtt()
    seconds = statistics.median(cpu_seconds(lambda: read_and_align(text, record)) for _ in range(5))
    print(f"  reading and aligning a 90-minute VTT ({len(text) // 1024} KB, "
          f"{text.count('-->')} cues): {seconds:.3f} s CPU (target <= 0.5 s)")  # fmt: skip


def ninety_minute_vtt() -> str:
    """Whisper-like cues every 4 s for 90 minutes, two voices taking turns every few cues."""
    lines = ["WEBVTT", ""]
    for number in range(90 * 60 // 4):
        start, voice = number * 4000, "S00" if number % 5 == 0 else "S01"
        lines += [f"{vtt(start)} --> {vtt(start + 3800)}",
                  f"<v {voice}>Dober dan, to je stavek številka {number} z nekaj besedami več.", ""]  # fmt: skip
    return "\n".join(lines)


def vtt(ms: int) -> str:
    """A WebVTT time."""
    return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def read_and_align(text: str, record: dict) -> None:
    """What the import does with a file before saving it: read, map speakers, place the turns."""
    from interview.transcripts.alignment import align, question_starts
    from interview.transcripts.formats.reader import read_transcript
    from interview.transcripts.store import Turn

    read = read_transcript("interview.vtt", text.encode("utf-8"))
    turns = [Turn("participant", turn.start_ms, turn.text) for turn in read.turns]
    align(turns, question_starts(record["interview"]), 0)


def main() -> None:
    """Run the single-record bench, the transcript bench, then (unless `--single`) the bulk one."""
    from interview import create_app

    bench_single()
    # The readers' messages are translated: they run inside an app's request context.
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    with app.test_request_context():
        bench_transcript()
    if "--single" not in sys.argv[1:]:
        bench_bulk()


if __name__ == "__main__":
    main()
