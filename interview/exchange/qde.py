"""Writing REFI-QDA files: project.qde (inside a .qdpx zip) and a codebook .qdc, with lxml.

Element order follows the schema (Project-mrt2019.xsd, and section 5.2 of the standard for the
codebook). Every element that may carry a creating user and a creation date carries both. Sources
are written as UTF-8 without BOM, LF line ends, NFC, so a position means one code point in every
tool.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from lxml import etree

from interview.exchange.audio import Audio, AudioPart
from interview.exchange.ids import derived
from interview.exchange.study import CodeNode, Source, Study

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "interview (Change Interview capture tool)"
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


def stamp(moment: datetime | None) -> str:
    """An xsd:dateTime in UTC."""
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def user_guid(name: str) -> str:
    """The GUID of a coder or of whoever exported."""
    return derived("user", name)


def source_guid(code: str) -> str:
    """The GUID of a participant's text source."""
    return derived("source", code)


def audio_guid(part: AudioPart) -> str:
    """The GUID of one AudioSource of a participant (the joined recording or one segment)."""
    return derived("audio", f"{part.code}:{part.key}")


def transcript_guid(part: AudioPart) -> str:
    """The GUID of an AudioSource's transcript (its text file is named by it too)."""
    return derived("transcript", f"{part.code}:{part.key}")


class Writer:
    """Adds elements of one namespace."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def root(self, tag: str, **attrs: str) -> etree._Element:
        """The document's root element."""
        return etree.Element(self.tag(tag), _clean(attrs), nsmap={None: self.namespace})

    def add(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: Any):
        """A child element with these attributes (None ones left out) and text."""
        element = etree.SubElement(parent, self.tag(tag), _clean(attrs))
        if text is not None:
            element.text = text
        return element

    def tag(self, name: str) -> str:
        """The qualified name."""
        return f"{{{self.namespace}}}{name}"


def _clean(attrs: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in attrs.items() if value is not None}


def add_codes(writer: Writer, parent: etree._Element, codes: tuple[CodeNode, ...], notes=True):
    """The codes with their nesting, colours and definitions."""
    for code in codes:
        element = writer.add(
            parent,
            "Code",
            guid=code.guid,
            name=code.name,
            isCodable="true" if code.codable else "false",
            color=code.colour,
        )
        if code.definition:
            writer.add(element, "Description", code.definition)
        add_codes(writer, element, code.children, notes)


def project_xml(study: Study) -> bytes:
    """project.qde for the study."""
    w = Writer(PROJECT_NS)
    exporter = user_guid(study.exporter)
    now = stamp(None)
    project = w.root(
        "Project",
        name=study.title,
        origin=ORIGIN,
        creatingUserGUID=exporter,
        creationDateTime=stamp(study.created_at),
        modifyingUserGUID=exporter,
        modifiedDateTime=now,
    )
    users = w.add(project, "Users")
    for name in study.users:
        w.add(users, "User", guid=user_guid(name), name=name)
    codebook = w.add(project, "CodeBook")
    add_codes(w, w.add(codebook, "Codes"), study.codes)
    kinds = {}
    if study.variables:
        variables = w.add(project, "Variables")
        for variable in study.variables:
            kinds[variable.name] = variable.kind
            element = w.add(
                variables,
                "Variable",
                guid=derived("variable", variable.name),
                name=variable.name,
                typeOfVariable=variable.kind,
            )
            if variable.description:
                w.add(element, "Description", variable.description)
    add_cases(w, project, study, kinds)
    notes = []
    if study.sources:
        sources = w.add(project, "Sources")
        for source in study.sources:
            notes += add_source(w, sources, source, kinds, exporter, now)
        for audio in study.audio:
            add_audio(w, sources, audio, study.created_at, exporter, now)
    if notes:
        parent = w.add(project, "Notes")
        for guid, user, created, text in notes:
            note = w.add(
                parent,
                "Note",
                guid=guid,
                name=text.split("\n", 1)[0][:60],
                creatingUser=user,
                creationDateTime=created,
            )
            w.add(note, "PlainTextContent", text)
    return etree.tostring(project, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def add_cases(w: Writer, project, study: Study, kinds: dict[str, str]) -> None:
    """One case per participant with its variable values and its source."""
    if not study.cases:
        return
    cases = w.add(project, "Cases")
    with_source = {source.code for source in study.sources}
    recorded = {audio.code: audio.parts for audio in study.audio}
    for code, values in study.cases:
        case = w.add(cases, "Case", guid=derived("case", code), name=code)
        add_values(w, case, values, kinds)
        if code in with_source:
            w.add(case, "SourceRef", targetGUID=source_guid(code))
        for part in recorded.get(code, ()):
            w.add(case, "SourceRef", targetGUID=audio_guid(part))


def add_values(w: Writer, parent, values: tuple[tuple[str, Any], ...], kinds) -> None:
    """VariableValue elements (cases carry them; sources too, for MAXQDA's document variables)."""
    for name, value in values:
        if value is None:
            continue
        element = w.add(parent, "VariableValue")
        w.add(element, "VariableRef", targetGUID=derived("variable", name))
        w.add(element, VALUE_ELEMENTS[kinds[name]], value_text(value))


def value_text(value: Any) -> str:
    """A value as its XML Schema type writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def add_source(w: Writer, parent, source: Source, kinds, exporter: str, now: str) -> list:
    """The participant's TextSource and its selections; returns the notes (memos) it refers to."""
    guid = source_guid(source.code)
    element = w.add(
        parent,
        "TextSource",
        guid=guid,
        name=source.code,
        plainTextPath=f"internal://{guid}.txt",
        creatingUser=exporter,
        creationDateTime=stamp(source.created_at),
        modifyingUser=exporter,
        modifiedDateTime=now,
    )
    notes = []
    for selection in source.selections:
        user = user_guid(selection.user or "")
        created = stamp(selection.created_at)
        node = w.add(
            element,
            "PlainTextSelection",
            guid=selection.guid,
            name=selection.name,
            startPosition=selection.start,
            endPosition=selection.end,
            creatingUser=user,
            creationDateTime=created,
        )
        for code_guid in selection.code_guids:
            coding = w.add(
                node,
                "Coding",
                guid=derived("coding", f"{selection.guid}:{code_guid}"),
                creatingUser=user,
                creationDateTime=created,
            )
            w.add(coding, "CodeRef", targetGUID=code_guid)
        if selection.memo:
            note = derived("note", selection.guid)
            w.add(node, "NoteRef", targetGUID=note)
            notes.append((note, user, created, selection.memo))
    add_values(w, element, source.values, kinds)
    return notes


def add_audio(w: Writer, parent, audio: Audio, created, exporter: str, now: str) -> None:
    """The participant's AudioSources, each with the text as its transcript and sync points."""
    dates = {
        "creatingUser": exporter,
        "creationDateTime": stamp(created),
        "modifyingUser": exporter,
        "modifiedDateTime": now,
    }
    for part in audio.parts:
        guid = audio_guid(part)
        element = w.add(
            parent,
            "AudioSource",
            guid=guid,
            name=part.name,
            path=f"internal://{guid}{part.suffix}",
            **dates,
        )
        transcript = w.add(
            element,
            "Transcript",
            guid=transcript_guid(part),
            name=part.name,
            plainTextPath=f"internal://{transcript_guid(part)}.txt",
            **dates,
        )
        for position, ms in audio.syncs_in(part):
            w.add(
                transcript,
                "SyncPoint",
                guid=derived("sync", f"{guid}:{position}"),
                timeStamp=ms,
                position=position,
            )


def codebook_xml(codes: tuple[CodeNode, ...]) -> bytes:
    """A .qdc codebook (section 5.2 of the standard)."""
    w = Writer(CODEBOOK_NS)
    root = w.root("CodeBook", origin=ORIGIN)
    add_codes(w, w.add(root, "Codes"), codes, notes=False)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def source_bytes(text: str) -> bytes:
    """A source as written: UTF-8 without BOM, LF, NFC (the text is already in that form)."""
    if "\r" in text or unicodedata.normalize("NFC", text) != text:
        raise ValueError("a source text must be NFC with LF line ends")
    return text.encode("utf-8")


def qdpx_bytes(study: Study) -> bytes:
    """The .qdpx zip: project.qde and Sources/<guid>.txt."""
    buffer = io.BytesIO()
    write_qdpx(study, buffer)
    return buffer.getvalue()


def write_qdpx(study: Study, stream: BinaryIO) -> None:
    """Write the .qdpx zip into `stream`; audio, already compressed, is stored as it is and read
    one participant at a time."""
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(study))
        for source in study.sources:
            archive.writestr(f"Sources/{source_guid(source.code)}.txt", source_bytes(source.text))
        for audio in study.audio:
            for part in audio.parts:
                archive.writestr(f"Sources/{transcript_guid(part)}.txt", source_bytes(audio.text))
                archive.writestr(
                    f"Sources/{audio_guid(part)}{part.suffix}",
                    part.data(),
                    compress_type=zipfile.ZIP_STORED,
                )
