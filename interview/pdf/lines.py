"""Find the rendered lines of each answer segment, for true per-line numbering."""

from collections import defaultdict

from weasyprint import Document
from weasyprint.formatting_structure.boxes import LineBox, ParentBox, TextBox

# Answer paragraphs carry their segment number in this attribute (not an id: every id would
# become a PDF anchor, which costs time in each render).
SEGMENT_ATTRIBUTE = "data-seg"
# An unnumbered answer paragraph starts with its segment id and this separator.
ID_SEPARATOR = "\t"

# Segment number (as text) -> [(line number, line text), ...], numbered through the document.
Lines = dict[str, list[tuple[int, str]]]


def _line_text(box) -> str:
    """Return the text of a line box, leaving out generated content (such as the citation id)."""
    if isinstance(box, TextBox):
        return box.text
    if "::" in (box.element_tag or "") or not isinstance(box, ParentBox):
        return ""
    return "".join(_line_text(child) for child in box.children)


def segment_lines(document: Document) -> Lines:
    """Return each segment's rendered lines, numbered through the document, by segment number."""
    lines: Lines = defaultdict(list)
    started: set[str] = set()
    count = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, LineBox) or box.element is None or box.element_tag != "p":
                continue
            segment = box.element.get(SEGMENT_ATTRIBUTE)
            if segment is not None:
                text = _line_text(box)
                if segment not in started:
                    # The first line starts with the segment id and a tab (coding.css).
                    started.add(segment)
                    text = text.partition(ID_SEPARATOR)[2]
                text = text.strip()
                if text:
                    count += 1
                    lines[segment].append((count, text))
    return dict(lines)
