"""Set-up for the REFI-QDA exchange tests: a synthetic coded study, the schemas, foreign edits."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path

import pytest
from coding_helpers import add_analyst, code_passage
from factories import interviewed_participant
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "refi-qda"
PROJECT_XSD = SHARED / "Project-mrt2019.xsd"
CODEBOOK_XSD = REPO / "interview" / "exchange" / "data" / "Codebook.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
Q = "{urn:QDA-XML:project:1.0}"

HAND_WRITTEN_QDC = b"""<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="typed by hand">
  <Codes>
    <Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">
      <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="true"
            color="#ff0">
        <Description>Anything about jobs or taxes</Description>
        <Code guid="0dcef2f5-e55c-49da-8c33-9b0803c7aeb4" name="Taxes" isCodable="true"/>
      </Code>
    </Code>
  </Codes>
  <Sets>
    <Set guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Money">
      <MemberCode guid="d7aa29da-519b-4946-9b90-253b6db8fd0a"/>
    </Set>
  </Sets>
</CodeBook>
"""

ANSWERS = [
    {
        "how-therapy-felt": "Počutila sem se varno. Terapevtka je bila topla 🙂 in me je slišala.",
        "helpful-relationship": "Zaupala sem ji, čeprav je bilo težko.\nShe understood me.",
    },
    {
        "how-therapy-felt": "Ne\u0301kaj se je spremenilo: šla sem naprej 👩‍👧 brez strahu.",
        "helpful-relationship": "She listened. She listened again, and I felt heard.",
    },
    {"how-therapy-felt": "Nothing to code here, only žalost."},
]
# (participant index, quote, codes) coded by maja before the export.
CODINGS = [
    (0, "Počutila sem se varno", ("Safety and trust",)),
    (0, "topla 🙂", ("Acceptance",)),
    (1, "šla sem naprej 👩‍👧", ("A new relational experience",)),
    (1, "I felt heard", ("Empathic attunement", "Acceptance")),
]


def project_schema() -> etree.XMLSchema:
    """The published project schema from the shared folder (the test skips without it)."""
    if not PROJECT_XSD.is_file():
        pytest.skip(f"the REFI-QDA project schema is not at {PROJECT_XSD} (../shared/refi-qda)")
    return etree.XMLSchema(etree.parse(str(PROJECT_XSD)))


def codebook_schema() -> etree.XMLSchema:
    """Our codebook schema, typed from section 5.2 of the standard."""
    return etree.XMLSchema(etree.parse(str(CODEBOOK_XSD)))


def assert_valid(schema: etree.XMLSchema, xml: bytes) -> None:
    """The document validates with no error (the errors are shown otherwise)."""
    document = etree.fromstring(xml)
    valid = schema.validate(document)
    assert valid, [str(e) for e in schema.error_log]


def coded_study(app) -> list[str]:
    """Three participants with Slovenian, emoji and combining-mark answers; maja coded four."""
    add_analyst(app, "maja")
    codes = [interviewed_participant(app, answers) for answers in ANSWERS]
    with app.app_context():
        for index, quote, names in CODINGS:
            code_passage(codes[index], "maja", quote, *names)
    return codes


def members(data: bytes) -> dict[str, bytes]:
    """Every member of a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(files: dict[str, bytes]) -> bytes:
    """A zip of these members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def source_texts(data: bytes) -> dict[str, str]:
    """Source name -> its written text, from an exported .qdpx."""
    files = members(data)
    root = etree.fromstring(files["project.qde"])
    texts = {}
    for source in root.iterfind(".//q:TextSource", NS):
        path = source.get("plainTextPath").removeprefix("internal://")
        texts[source.get("name")] = files[f"Sources/{path}"].decode("utf-8")
    return texts


def qdpx_sources(data: bytes) -> dict[str, tuple[str, list[str]]]:
    """Source name -> (its text, the words of each of its selections), from a .qdpx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        found = {}
        for source in root.iterfind(".//q:TextSource", NS):
            path = source.get("plainTextPath").removeprefix("internal://")
            text = archive.read(f"Sources/{path}").decode("utf-8")
            quotes = [
                text[int(s.get("startPosition")) : int(s.get("endPosition"))]
                for s in source.iterfind("q:PlainTextSelection", NS)
            ]
            found[source.get("name")] = (text, quotes)
    return found


NEW_CODE = "00000000-0000-4000-8000-00000000b0b0"


def other_tool(
    data: bytes,
    selections: list[tuple[str, str, tuple[str, ...]]],
    *,
    crlf_two: bool = True,
    qde_name: str = "project.qde",
    sources_dir: str = "Sources",
    prefix: str = "",
    bom: bool = False,
    extra_source: bool = False,
    replace: dict[str, str] | None = None,
) -> bytes:
    """The exported project as another tool gives it back: CRLF sources, no creation dates,
    new selections (participant, last occurrence of quote, code names; "Being heard" is a code
    the tool added under "Empathic attunement"), optionally a different text start or a whole
    different text, a BOM, an extra source."""
    files = members(data)
    root = etree.fromstring(files.pop("project.qde"))
    for element in root.iter():
        for attribute in ("creationDateTime", "modifiedDateTime"):
            element.attrib.pop(attribute, None)
    codes = {c.get("name"): c.get("guid") for c in root.iterfind(".//q:Code", NS)}
    parent = root.find(".//q:Code[@name='Empathic attunement']", NS)
    etree.SubElement(
        parent, f"{Q}Code", guid="{" + NEW_CODE.upper() + "}", name="Being heard", isCodable="true"
    )
    codes["Being heard"] = NEW_CODE
    for source in root.iterfind(".//q:TextSource", NS):
        path = source.get("plainTextPath").removeprefix("internal://")
        text = prefix + files.pop(f"Sources/{path}").decode("utf-8")
        text = (replace or {}).get(source.get("name"), text)
        crlf = text.replace("\n", "\r\n")
        for code, quote, names in selections:
            if code != source.get("name"):
                continue
            start = text.rindex(quote)
            if crlf_two:
                start = crlf.rindex(quote.replace("\n", "\r\n"))
            end = start + len(quote.replace("\n", "\r\n") if crlf_two else quote)
            add_selection(source, start, end, [codes[n] for n in names])
        files[f"{sources_dir}/{path}"] = (b"\xef\xbb\xbf" if bom else b"") + crlf.encode("utf-8")
    if extra_source:
        extra = etree.SubElement(
            root.find("q:Sources", NS), f"{Q}TextSource", guid=str(uuid.uuid4()), name="Pilot"
        )
        etree.SubElement(extra, f"{Q}PlainTextContent").text = "A pilot interview."
        add_selection(extra, 2, 7, [codes["Acceptance"]])
    files[qde_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return zipped(files)


def add_selection(source, start: int, end: int, code_guids: list[str]) -> None:
    """A PlainTextSelection as another tool adds it (before the source's variable values)."""
    selection = etree.Element(
        f"{Q}PlainTextSelection",
        guid=str(uuid.uuid4()),
        name="Selection",
        startPosition=str(start),
        endPosition=str(end),
    )
    for guid in code_guids:
        coding = etree.SubElement(selection, f"{Q}Coding", guid=str(uuid.uuid4()))
        etree.SubElement(coding, f"{Q}CodeRef", targetGUID=guid)
    values = source.find("q:VariableValue", NS)
    if values is not None:
        values.addprevious(selection)
    else:
        source.append(selection)
