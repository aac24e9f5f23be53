"""Research exports from participant record dicts: tidy CSVs, codebook and bulk coding PDFs."""

from interview.exports.bulk import ExportSummary, export_all
from interview.exports.hashing import record_hash
from interview.exports.render import RenderError, default_workers
from interview.exports.tidy import tidy_files, tidy_tables

__all__ = [
    "ExportSummary",
    "RenderError",
    "default_workers",
    "export_all",
    "record_hash",
    "tidy_files",
    "tidy_tables",
]
