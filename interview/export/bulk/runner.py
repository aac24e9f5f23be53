"""The bulk export: every participant's coding PDF plus the tidy-data files, as a folder or .zip."""

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from interview.export.bulk.cache import PdfCache, renderer_fingerprint
from interview.export.bulk.render import DEFAULT_RENDERER, render_many
from interview.export.bulk.writers import ExportWriter, open_writer
from interview.export.formats.tables import participant_code
from interview.export.formats.tidy import tidy_files

Progress = Callable[[int, int], None]

# Keys that would mean identifying data slipped into a record (the format forbids them). "note" is
# the registry's private note; a question's "interviewer_note" is research data and allowed.
FORBIDDEN_KEYS = frozenset(
    {
        "name",
        "full_name",
        "first_name",
        "last_name",
        "printed_name",
        "participant_name",
        "signature",
        "signatures",
        "free_text",
        "consent_text",
        "note",
    }
)


@dataclass(frozen=True)
class ExportSummary:
    """What an export did: how many participants, PDFs rendered or reused, time, where, which files."""

    participants: int
    rendered: int
    cached: int
    seconds: float
    path: Path
    tidy_files: tuple[str, ...] = ()


def _keys(value: object) -> Iterator[str]:
    """Yield every dict key anywhere inside ``value``."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def pdf_names(records: list[dict]) -> dict[str, str]:
    """Return participant code -> ``pdf/<code>.pdf``, refusing unsafe or duplicate records."""
    names: dict[str, str] = {}
    for record in records:
        code = participant_code(record)
        leaked = FORBIDDEN_KEYS.intersection(_keys(record))
        if leaked:
            raise ValueError(f"record {code} holds identifying fields: {sorted(leaked)}")
        name = "pdf/" + (re.sub(r"[^0-9A-Za-z_-]", "_", code) or "participant") + ".pdf"
        if code in names or name in names.values():
            raise ValueError(f"two records would both be exported as {name}")
        names[code] = name
    return names


def _ticker(progress: Progress | None, total: int) -> Callable[[], None]:
    """Report 0 of ``total`` now and return a function that reports one more done."""
    done = 0
    if progress:
        progress(0, total)

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    return tick


def _copy_cached(
    writer: ExportWriter,
    records: list[dict],
    names: dict[str, str],
    keys: dict[str, str],
    cache: PdfCache,
    tick: Callable[[], None],
) -> list[dict]:
    """Add every PDF the cache already holds; return the records still to render."""
    pending = []
    for record in records:
        code = participant_code(record)
        hit = cache.lookup(keys[code])
        if hit is None:
            pending.append(record)
        else:
            writer.add_file(names[code], hit)
            tick()
    return pending


def export_all(
    records: list[dict],
    out: Path,
    *,
    pdfa: bool = False,
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    page_size: str = "A4",
    line_numbers: bool = False,
    renderer: str = DEFAULT_RENDERER,
    notes: tuple[str, ...] = (),
) -> ExportSummary:
    """Write all coding PDFs, the CSVs and the codebook to ``out`` (a folder, or a .zip).

    ``notes`` are sentences for the codebook about this export (e.g. who was left out and why).
    """
    started = time.perf_counter()
    names = pdf_names(records)
    options = {"page_size": page_size, "line_numbers": line_numbers, "pdfa": pdfa}
    cache = PdfCache(cache_dir, renderer_fingerprint(renderer))
    keys = {participant_code(r): cache.key(r, repr(sorted(options.items()))) for r in records}
    tick = _ticker(progress, len(records))
    writer = open_writer(Path(out))
    try:
        pending = _copy_cached(writer, records, names, keys, cache, tick)
        for code, pdf in render_many(pending, options, renderer=renderer, workers=workers):
            writer.add(names[code], pdf)
            cache.store(keys[code], pdf)
            tick()
        tidy = tidy_files(records, notes=notes)
        for name, data in tidy.items():
            writer.add(name, data)
        path = writer.commit()
    except BaseException:
        writer.abort()
        raise
    seconds = time.perf_counter() - started
    rendered, cached = len(pending), len(records) - len(pending)
    return ExportSummary(len(records), rendered, cached, seconds, path, tuple(tidy))
