"""Where templates/ and static/ live: inside the package when installed, beside it in a checkout."""

from pathlib import Path

# This module sits directly in the package, so its folder is the package folder
# (the same as Path(interview.__file__).parent, but works before __init__ imports).
_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """Return the package's ``name`` folder if installed there, else the checkout's."""
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def templates_dir() -> Path:
    """Return the folder holding the Jinja templates."""
    return _resource_dir("templates")


def static_dir() -> Path:
    """Return the folder holding static files (CSS, JS, fonts)."""
    return _resource_dir("static")
