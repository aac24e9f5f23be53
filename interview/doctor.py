"""Installation checks: what `interview doctor` prints and `interview serve` warns about."""

from __future__ import annotations

import ctypes.util
import logging
import shutil
import subprocess
from collections.abc import Callable

from flask_babel import gettext as _

from interview.catalogues import N_
from interview.schema import schema_problem

log = logging.getLogger(__name__)

# English in the log; `interview doctor` says them in the installation's language.
HARFBUZZ_HINT = N_(
    "libharfbuzz-subset is missing: WeasyPrint falls back to a slower, deprecated font subsetter. "
    "Install it with: sudo apt-get install libharfbuzz-subset0"
)
FONT_HINT = N_(
    "The DejaVu Sans font is missing: install it with: sudo apt-get install fonts-dejavu-core"
)


def harfbuzz_subset_available() -> bool:
    """Whether HarfBuzz's subsetting library can be loaded."""
    return ctypes.util.find_library("harfbuzz-subset") is not None


def dejavu_available() -> bool:
    """Whether fontconfig knows DejaVu Sans (the PDFs name it)."""
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", "DejaVu Sans"], capture_output=True, text=True, check=False)
    return bool(result.stdout.strip())


def run_checks(echo: Callable[[str], None]) -> list[str]:
    """Run every check, echo one line each, and return the problems found."""
    checks: list[tuple[str, Callable[[], str | None]]] = [
        (
            _("HarfBuzz subsetting"),
            lambda: None if harfbuzz_subset_available() else _(HARFBUZZ_HINT),
        ),
        (_("DejaVu Sans font"), lambda: None if dejavu_available() else _(FONT_HINT)),
        (_("database schema"), schema_problem),
    ]
    problems = []
    for name, check in checks:
        problem = check()
        if problem is None:
            echo(_("OK   %(check)s", check=name))
        else:
            echo(_("FAIL %(check)s: %(problem)s", check=name, problem=problem))
        if problem is not None:
            problems.append(problem)
    return problems


def warn_if_unhealthy() -> None:
    """Log a warning at start-up for each missing system piece."""
    if not harfbuzz_subset_available():
        log.warning(HARFBUZZ_HINT)
    if not dejavu_available():
        log.warning(FONT_HINT)
