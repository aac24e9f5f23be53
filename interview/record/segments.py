"""Split an answer into the paragraphs that become numbered segments, and name them."""

import re

# A paragraph break is a line that is empty or holds only whitespace.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def split_paragraphs(text: str) -> list[str]:
    """Return the stripped, non-empty blank-line-separated paragraphs of ``text``."""
    if not text:
        return []
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [part.strip() for part in _BLANK_LINE.split(normalised) if part.strip()]


# A pilcrow, not a colon: `5:39` is the 39th coded citation of interview 5 (the paper's form), so
# the 39th paragraph must not be written the same way.
SEGMENT_MARK = "¶"


def segment_id(participant_number: int, segment_number: int) -> str:
    """The id of a paragraph of an interview, e.g. ``5¶39``: never the form of a citation id."""
    return f"{participant_number}{SEGMENT_MARK}{segment_number}"
