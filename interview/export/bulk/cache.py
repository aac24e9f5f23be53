"""A content-addressed cache of rendered PDFs: same record, options and renderer, same file."""

import hashlib
import importlib.util
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from interview.paths import static_dir, templates_dir
from interview.record.hashing import record_hash


def _asset_files() -> list[Path]:
    """Return the PDF templates (templates/pdf) and print CSS (static/pdf)."""
    folders = (templates_dir() / "pdf", static_dir() / "pdf")
    return [path for folder in folders for path in folder.rglob("*") if path.is_file()]


def _module_files(module_name: str) -> list[Path]:
    """Return the source files of a module, or of its whole package folder."""
    spec = importlib.util.find_spec(module_name)
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return [
            path
            for folder in spec.submodule_search_locations
            for path in Path(folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        ]
    return [Path(spec.origin)] if spec.origin and Path(spec.origin).is_file() else []


def renderer_fingerprint(renderer: str) -> str:
    """Return a hash of the renderer's code, templates, CSS and WeasyPrint version."""
    # interview.record.timecodes formats the timestamps the PDF prints and
    # interview.record.language picks its language, both outside the renderer's package.
    files = (
        _module_files(renderer.partition(":")[0])
        + _module_files("interview.record.timecodes")
        + _module_files("interview.record.language")
        + _asset_files()
    )
    try:
        engine = version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover - WeasyPrint is a declared dependency
        engine = "none"
    digest = hashlib.sha256(f"{renderer}|{engine}".encode())
    for path in sorted(set(files)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class PdfCache:
    """Rendered PDFs on disk, named by a hash of record, render options and renderer."""

    def __init__(self, directory: Path | None, fingerprint: str) -> None:
        self.directory = directory
        self.fingerprint = fingerprint
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    def key(self, record: dict, options: str) -> str:
        """Return the cache key of one record rendered with ``options``."""
        text = f"{record_hash(record)}|{options}|{self.fingerprint}"
        return hashlib.sha256(text.encode()).hexdigest()

    def lookup(self, key: str) -> Path | None:
        """Return the cached PDF's path, or None on a miss (or with no cache)."""
        if self.directory is None:
            return None
        path = self.directory / f"{key}.pdf"
        return path if path.is_file() else None

    def store(self, key: str, pdf: bytes) -> None:
        """Save a rendered PDF atomically, so a reader never sees half a file."""
        if self.directory is None:
            return
        handle, tmp = tempfile.mkstemp(suffix=".partial", dir=self.directory)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(pdf)
            os.replace(tmp, self.directory / f"{key}.pdf")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
