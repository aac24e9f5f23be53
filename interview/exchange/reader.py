"""Reading what other tools write: project.qde (in a .qdpx) and .qdc codebooks, tolerantly.

ATLAS.ti names the file `<project>.qde`, MAXQDA keeps sources under `sources/`, some tools leave
out creation dates or write GUIDs in braces, and codes nest several levels. Elements are read by
local name, so a missing or different namespace prefix does not matter. Only what the import uses
is read: users, the codebook, text sources with their selections and codings, notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from lxml import etree

from interview.exchange.ids import normal_guid
from interview.exchange.safety import ExchangeError, SafeZip, open_zip, parse_xml


@dataclass(frozen=True)
class ForeignCode:
    """A code of the file, with its parent's GUID (None at the top)."""

    guid: str
    name: str
    colour: str | None
    definition: str
    parent: str | None


@dataclass(frozen=True)
class ForeignSelection:
    """A PlainTextSelection: positions as the file counts them, the codes it carries, notes."""

    guid: str
    name: str
    start: int
    end: int
    codes: tuple[str, ...]
    user: str | None
    memo: str


@dataclass(frozen=True)
class ForeignSource:
    """A text source: its GUID, name, raw text (None when the file does not hold it)."""

    guid: str
    name: str
    text: str | None
    selections: tuple[ForeignSelection, ...]


@dataclass
class ForeignProject:
    """What the import uses of a project file."""

    origin: str = ""
    users: dict[str, str] = field(default_factory=dict)
    codes: list[ForeignCode] = field(default_factory=list)
    sources: list[ForeignSource] = field(default_factory=list)
    other_sources: list[str] = field(default_factory=list)


def local(element: etree._Element) -> str:
    """The element's name without its namespace."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def kids(element: etree._Element, name: str) -> list[etree._Element]:
    """The children with this local name."""
    return [child for child in element if local(child) == name]


def kid_text(element: etree._Element, name: str) -> str:
    """The text of the first child with this local name ('' when there is none)."""
    found = kids(element, name)
    return (found[0].text or "") if found else ""


def read_codes(parent: etree._Element, parent_guid: str | None, out: list[ForeignCode]) -> None:
    """The codes under `parent` in pre-order, each naming its parent."""
    for element in kids(parent, "Code"):
        guid = normal_guid(element.get("guid"))
        name = " ".join((element.get("name") or "").split())
        if guid is None or not name:
            raise ExchangeError(_("A code in the file has no valid GUID or no name."))
        out.append(
            ForeignCode(
                guid,
                name,
                element.get("color"),
                kid_text(element, "Description").strip(),
                parent_guid,
            )
        )
        read_codes(element, guid, out)


def codebook_codes(root: etree._Element) -> list[ForeignCode]:
    """Every code of a CodeBook element (project or .qdc)."""
    codes: list[ForeignCode] = []
    for holder in kids(root, "Codes"):
        read_codes(holder, None, codes)
    return codes


def read_qdc(data: bytes) -> list[ForeignCode]:
    """The codes of a .qdc codebook."""
    root = parse_xml(data)
    if local(root) != "CodeBook":
        raise ExchangeError(_("This is not a REFI-QDA codebook (its root is not CodeBook)."))
    return codebook_codes(root)


def project_member(archive: SafeZip) -> str:
    """The .qde inside the zip: project.qde, else the one `<name>.qde` at the top."""
    top = [n for n in archive.names if "/" not in n.strip("/") and n.lower().endswith(".qde")]
    exact = [n for n in top if n.lower() == "project.qde"]
    if exact or len(top) == 1:
        return (exact or top)[0]
    raise ExchangeError(_("The zip holds no project.qde (or several .qde files): not a .qdpx."))


def decode_text(data: bytes) -> str:
    """A source's bytes as text: UTF-8 (a BOM kept, positions may count it), else UTF-16, cp1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def source_text(element: etree._Element, archive: SafeZip) -> str | None:
    """The source's text: inline PlainTextContent, or its file (internal:// under sources/)."""
    inline = kids(element, "PlainTextContent")
    if inline:
        return inline[0].text or ""
    path = element.get("plainTextPath") or ""
    if path.startswith("internal://"):
        name = archive.find("sources/" + path.removeprefix("internal://"))
    elif path.startswith("relative://"):
        name = archive.find(path.removeprefix("relative://").lstrip("/"))
    else:
        name = None
    return decode_text(archive.read(name)) if name else None


def read_project(data: bytes) -> ForeignProject:
    """Parse a .qdpx (refusing hostile zips and XML) into what the import uses."""
    archive = open_zip(data)
    root = parse_xml(archive.read(project_member(archive)))
    if local(root) != "Project":
        raise ExchangeError(_("This is not a REFI-QDA project (its root is not Project)."))
    project = ForeignProject(origin=root.get("origin") or "")
    for users in kids(root, "Users"):
        for user in kids(users, "User"):
            guid = normal_guid(user.get("guid"))
            if guid:
                project.users[guid] = user.get("name") or ""
    for codebook in kids(root, "CodeBook"):
        project.codes = codebook_codes(codebook)
    notes = {
        normal_guid(note.get("guid")): kid_text(note, "PlainTextContent").strip()
        for holder in kids(root, "Notes")
        for note in kids(holder, "Note")
    }
    for sources in kids(root, "Sources"):
        for element in sources:
            if local(element) == "TextSource":
                project.sources.append(read_source(element, archive, notes))
            elif local(element):
                project.other_sources.append(element.get("name") or local(element))
    return project


def read_source(element, archive: SafeZip, notes: dict) -> ForeignSource:
    """One TextSource and its selections."""
    guid = normal_guid(element.get("guid")) or ""
    selections = []
    for node in kids(element, "PlainTextSelection"):
        try:
            start, end = int(node.get("startPosition")), int(node.get("endPosition"))
        except (TypeError, ValueError):
            raise ExchangeError(_("A selection in the file has no valid positions.")) from None
        codes = tuple(
            g
            for coding in kids(node, "Coding")
            for ref in kids(coding, "CodeRef")
            if (g := normal_guid(ref.get("targetGUID")))
        )
        memo = "\n\n".join(
            notes[g]
            for ref in kids(node, "NoteRef")
            if (g := normal_guid(ref.get("targetGUID"))) in notes and notes[g]
        )
        selections.append(
            ForeignSelection(
                guid=normal_guid(node.get("guid")) or "",
                name=node.get("name") or "",
                start=min(start, end),
                end=max(start, end),
                codes=codes,
                user=normal_guid(node.get("creatingUser")),
                memo=memo,
            )
        )
    return ForeignSource(
        guid, element.get("name") or "", source_text(element, archive), tuple(selections)
    )
