"""The bulk export: every participant's coding PDF plus the tidy-data files, as a folder or .zip."""

import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from interview.export.bulk.cache import PdfCache, renderer_fingerprint
from interview.export.bulk.fence import Fence, NoFence
from interview.export.bulk.render import DEFAULT_RENDERER, render_many
from interview.export.bulk.writers import ExportWriter, open_writer
from interview.export.formats.tables import participant_code
from interview.export.formats.tidy import tidy_files
from interview.languages import translations_for

Progress = Callable[[int, int], None]
# Files other areas add to an export, made from the records it finally holds.
ExtraFiles = Callable[[list[dict]], Mapping[str, bytes]]

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
    # Codes erased (withdrawn or deleted) while the export ran: they are not in it.
    left_out: tuple[str, ...] = ()
    # The tidy files written beside the PDFs (CSVs, workbook, data dictionary, others' files).
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


@dataclass(frozen=True)
class _Run:
    """One export under way: where it writes, each PDF's name and cache key, the fence, progress."""

    writer: ExportWriter
    names: dict[str, str]
    keys: dict[str, str]
    cache: PdfCache
    fence: Fence
    tick: Callable[[], None]

    def copy_cached(self, records: list[dict]) -> list[dict]:
        """Add every PDF the cache already holds; return the records still to render."""
        pending = []
        for record in records:
            code = participant_code(record)
            hit = self.cache.lookup(self.keys[code])
            if hit is not None and self._copied(self.names[code], hit):
                self.tick()
            else:
                pending.append(record)
        return pending

    def _copied(self, name: str, source: Path) -> bool:
        """Copy a cached PDF in; False if an erasure removed it just now (rendering then asks the
        fence)."""
        try:
            self.writer.add_file(name, source)
        except FileNotFoundError:
            return False
        return True

    def render_fenced(
        self, pending: list[dict], render: Callable[[list[dict]], Iterator[tuple[str, bytes]]]
    ) -> set[str]:
        """Render, cache and add the pending PDFs; return the codes the fence refused (erased)."""
        refused = set()
        caching = self.cache.directory is not None
        for code, pdf in render(pending):
            key = self.keys[code] if caching else None
            if self.fence.store(code, key, partial(self.cache.store, self.keys[code], pdf)):
                self.writer.add(self.names[code], pdf)
            else:
                refused.add(code)
            self.tick()
        return refused

    def publish(
        self,
        records: list[dict],
        left_out: set[str],
        notes: tuple[str, ...],
        extra_files: ExtraFiles | None = None,
        language: str = "en",
    ) -> tuple[Path, list[str]]:
        """Write the tidy files and publish; whoever was erased meanwhile is dropped first (and
        added to ``left_out``).

        The fence's final check and the rename happen under the erasure lock, so an erasure either
        comes before (and its participant is dropped here) or after (and finds this export
        registered).
        """
        while True:
            left_out |= self.fence.erased() & {participant_code(record) for record in records}
            kept = [record for record in records if participant_code(record) not in left_out]
            self.writer.discard([self.names[code] for code in left_out if code in self.names])
            notes_now = notes + _left_out_note(left_out, language)
            files = tidy_files(kept, notes=notes_now, language=language)
            files.update(extra_files(kept) if extra_files else {})
            for name, data in files.items():
                self.writer.add(name, data)
            path = self.fence.publish([participant_code(r) for r in kept], self.writer.commit)
            if path is not None:
                return path, list(files)
            self.writer.discard(list(files))  # erased between the check and the lock: drop them


def _left_out_note(codes: set[str], language: str) -> tuple[str, ...]:
    """The codebook's sentence about participants erased while the export ran."""
    if not codes:
        return ()
    # English keeps "participant(s)" in both forms; languages with more forms say it properly.
    note = translations_for(language).ngettext(
        "%(num)d participant(s) withdrawn or deleted while this export ran are left out.",
        "%(num)d participant(s) withdrawn or deleted while this export ran are left out.",
        len(codes),
    )
    return (note % {"num": len(codes)},)


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
    fence: Fence | None = None,
    extra_files: ExtraFiles | None = None,
    language: str = "en",
) -> ExportSummary:
    """Write all coding PDFs, the CSVs and the codebook to ``out`` (a folder, or a .zip).

    ``notes`` are sentences for the codebook about this export (e.g. who was left out and why).
    ``fence`` is asked before each PDF is cached and before publishing, so a participant erased
    while the export runs is left out of it (see interview.export.bulk.fence).
    ``extra_files`` makes the files other areas add (the analysis's sample.json, table1.csv…) from
    the records finally published. ``language`` is the study's: the codebook is written in it.
    """
    started = time.perf_counter()
    fence = fence or NoFence()
    names = pdf_names(records)
    options = {"page_size": page_size, "line_numbers": line_numbers, "pdfa": pdfa}
    cache = PdfCache(cache_dir, renderer_fingerprint(renderer))
    keys = {participant_code(r): cache.key(r, repr(sorted(options.items()))) for r in records}
    writer = open_writer(Path(out))
    run = _Run(writer, names, keys, cache, fence, _ticker(progress, len(records)))
    try:
        left_out = fence.erased() & set(names)
        wanted = [record for record in records if participant_code(record) not in left_out]
        pending = run.copy_cached(wanted)
        render = partial(render_many, options=options, renderer=renderer, workers=workers)
        left_out |= run.render_fenced(pending, render)
        path, tidy = run.publish(wanted, left_out, notes, extra_files, language)
    except BaseException:
        writer.abort()
        raise
    seconds = time.perf_counter() - started
    exported = len(records) - len(left_out)
    reused = len(wanted) - len(pending)
    return ExportSummary(
        exported, len(pending), reused, seconds, path, tuple(sorted(left_out)), tuple(tidy)
    )
