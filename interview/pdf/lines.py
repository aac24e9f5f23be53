"""Find the rendered lines of each answer segment, for true per-line numbering."""

from collections import defaultdict

from weasyprint import Document
from weasyprint.formatting_structure.boxes import LineBox, ParentBox, TextBox

SEGMENT_ID_PREFIX = "seg-"
MARGIN_LABEL_CLASS = "sid"

# Element id -> [(line number, line text), ...], numbered through the whole document.
Lines = dict[str, list[tuple[int, str]]]


def _line_text(box) -> str:
    """Return the text of a line box, leaving out generated content and the citation id."""
    if isinstance(box, TextBox):
        return box.text
    if "::" in (box.element_tag or "") or not isinstance(box, ParentBox):
        return ""
    if box.element is not None and box.element.get("class") == MARGIN_LABEL_CLASS:
        return ""
    return "".join(_line_text(child) for child in box.children)


def segment_lines(document: Document) -> Lines:
    """Return each segment's rendered lines, numbered through the document, keyed by element id."""
    lines: Lines = defaultdict(list)
    count = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, LineBox) or box.element is None or box.element_tag != "p":
                continue
            element_id = box.element.get("id") or ""
            if element_id.startswith(SEGMENT_ID_PREFIX):
                text = _line_text(box).strip()
                if text:
                    count += 1
                    lines[element_id].append((count, text))
    return dict(lines)
