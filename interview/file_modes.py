"""Private files: the instance folder and everything with participants' data in it is the owner's only.

The instance folder (0700) is what keeps other accounts on the laptop out; the files in it are 0600 as
well, so copying the folder elsewhere does not open them up.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600

log = logging.getLogger(__name__)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed and make it 0700; return it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    restrict(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """Make an existing file 0600 (a missing file is left alone)."""
    if path.exists():
        restrict(path, PRIVATE_FILE)


def restrict(path: Path, mode: int) -> None:
    """chmod, tolerating a folder we do not own (then say so in the log, do not stop the app)."""
    try:
        os.chmod(path, mode)
    except OSError as error:
        log.warning("could not make %s private (%s)", path, error)
