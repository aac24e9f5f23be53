"""Split an answer into the paragraphs that become numbered, citable segments."""

import re

# A paragraph break is a line that is empty or holds only whitespace.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Return the stripped, non-empty blank-line-separated paragraphs of ``text``."""
    if not text:
        return []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(normalised) if part.strip()]
