"""Atomic export targets: a folder or .zip that appears under its final name only when complete."""

import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Protocol


class ExportWriter(Protocol):
    """Where the files of one export go until ``commit`` moves them under the final name."""

    def add(self, name: str, data: bytes) -> None:
        """Write ``data`` as the export member ``name`` (a relative POSIX path)."""

    def add_file(self, name: str, source: Path) -> None:
        """Copy the file ``source`` in as the member ``name``."""

    def discard(self, names: list[str]) -> None:
        """Remove these members again (a participant erased while the export ran); absent ones are fine."""

    def commit(self) -> Path:
        """Publish the export under its final name and return that path."""

    def abort(self) -> None:
        """Discard everything written so far."""


class DirWriter:
    """Builds the export in a hidden sibling folder, then renames it into place."""

    def __init__(self, final: Path) -> None:
        self.final = final
        # mkdtemp makes the folder 0700: the export holds confidential answers.
        self.tmp = Path(
            tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".partial", dir=final.parent)
        )

    def _target(self, name: str) -> Path:
        """Return the temporary path of member ``name``, creating its folder."""
        target = self.tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add(self, name: str, data: bytes) -> None:
        """Write one member file."""
        self._target(name).write_bytes(data)

    def add_file(self, name: str, source: Path) -> None:
        """Copy one member file from ``source``."""
        shutil.copyfile(source, self._target(name))

    def discard(self, names: list[str]) -> None:
        """Delete member files."""
        for name in names:
            (self.tmp / name).unlink(missing_ok=True)

    def commit(self) -> Path:
        """Swap the finished folder in (an older export of the same name is removed after)."""
        old = None
        if self.final.exists():
            old = self.final.with_name(f".{self.final.name}.{os.getpid()}.old")
            self.final.rename(old)
        self.tmp.rename(self.final)
        if old is not None:
            shutil.rmtree(old)
        return self.final

    def abort(self) -> None:
        """Remove the unfinished folder."""
        shutil.rmtree(self.tmp, ignore_errors=True)


class ZipWriter:
    """Writes a hidden temporary .zip beside the target, then renames it over the final name."""

    def __init__(self, final: Path) -> None:
        self.final = final
        # mkstemp makes the file 0600, and the same folder keeps os.replace atomic.
        handle, name = tempfile.mkstemp(
            prefix=f".{final.name}.", suffix=".partial", dir=final.parent
        )
        os.close(handle)
        self.tmp = Path(name)
        self.zip = zipfile.ZipFile(self.tmp, "w", compression=zipfile.ZIP_DEFLATED)

    def add(self, name: str, data: bytes) -> None:
        """Write one member, deflated unless it is an already-compressed PDF."""
        self.zip.writestr(name, data, compress_type=_compression(name))

    def add_file(self, name: str, source: Path) -> None:
        """Copy one member from ``source``."""
        self.zip.write(source, arcname=name, compress_type=_compression(name))

    def discard(self, names: list[str]) -> None:
        """Rewrite the unfinished archive without these members (a zip cannot delete in place)."""
        doomed = set(names) & set(self.zip.namelist())
        if not doomed:
            return
        self.zip.close()
        handle, name = tempfile.mkstemp(
            prefix=f".{self.final.name}.", suffix=".partial", dir=self.final.parent
        )
        os.close(handle)
        with zipfile.ZipFile(self.tmp) as old, zipfile.ZipFile(name, "w") as new:
            for info in old.infolist():
                if info.filename not in doomed:
                    new.writestr(info, old.read(info))
        os.replace(name, self.tmp)
        self.zip = zipfile.ZipFile(self.tmp, "a", compression=zipfile.ZIP_DEFLATED)

    def commit(self) -> Path:
        """Finish the archive and move it under its final name."""
        self.zip.close()
        os.replace(self.tmp, self.final)
        return self.final

    def abort(self) -> None:
        """Close and delete the unfinished archive."""
        self.zip.close()
        self.tmp.unlink(missing_ok=True)


def _compression(name: str) -> int:
    """Return the zip method for a member: PDF streams are compressed already."""
    return zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED


def open_writer(out: Path) -> ExportWriter:
    """Return a zip writer if ``out`` ends in .zip, else a folder writer."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".zip":
        return ZipWriter(out)
    return DirWriter(out)
