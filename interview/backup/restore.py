"""Restoring a backup into an empty or new folder: verify everything first, then write it, private.

Nothing is written until every checksum matched (and the passphrase opened the archive); the files
are then written into a hidden sibling folder that is renamed into place, so a failure half-way
leaves no half-restored installation behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from interview.backup.archive import ArchiveError, unpack
from interview.backup.snapshot import PG_DUMP_NAME
from interview.file_modes import PRIVATE_DIR, PRIVATE_FILE


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore wrote, and what the database was."""

    path: Path
    files: int
    database: str
    sql_dump: Path | None


def restore_backup(archive: Path, target: Path, passphrase: str | None) -> RestoreSummary:
    """Verify ``archive`` and write its files into ``target`` (which must be empty or missing)."""
    refuse_non_empty(target)
    try:
        data = archive.read_bytes()
    except OSError as error:
        raise ArchiveError(f"Cannot read {archive}: {error.strerror}.") from None
    backup = unpack(data, passphrase)
    write_tree(target, backup.files)
    dump = target / PG_DUMP_NAME
    return RestoreSummary(
        target,
        len(backup.files),
        str(backup.manifest.get("database", "")),
        dump if PG_DUMP_NAME in backup.files else None,
    )


def refuse_non_empty(target: Path) -> None:
    """Only an empty or new folder: a restore never mixes with or overwrites an installation."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveError(f"Refusing to restore into {target}: it is not an empty folder.")


def write_tree(target: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` (folders 0700, files 0600) into a temporary sibling, then rename it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".restoring", dir=target.parent)
    )
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        for folder in [staging, *(path for path in staging.rglob("*") if path.is_dir())]:
            os.chmod(folder, PRIVATE_DIR)
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
