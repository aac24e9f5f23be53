"""The codebook file: the study's starting categories as versioned, per-language YAML data.

The shipped file is `data/codebook.yaml`; `<instance>/codebook.yaml` replaces it. It is read and
validated once at start-up (a broken file stops the app with a message naming file, place and line),
and only seeds the live codebook in the database the first time coding is used.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from interview.catalogues import N_
from interview.catalogues import gettext as _
from interview.instruments.errors import InstrumentError
from interview.instruments.reader import LANGUAGE_PATTERN, Place, Reader

DATA_FILE = Path(__file__).parent / "data" / "codebook.yaml"
OVERRIDE_FILE = "codebook.yaml"
KIND = "codebook"
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
# Guids of file codes are derived from the codebook and code ids, so they are the same everywhere.
GUID_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-4c52-9a55-0c0d1e2f3a4b")
TOP_KEYS = {"id", "kind", "version", "language", "title", "categories"}
CODE_KEYS = {"id", "name", "definition", "colour", "guid"}


@dataclass(frozen=True)
class CodeSpec:
    """One category or subcategory as the file gives it, texts resolved to one language."""

    key: str
    guid: str
    name: str
    definition: str
    colour: str
    children: tuple[CodeSpec, ...] = ()


@dataclass(frozen=True)
class CodebookFile:
    """A parsed codebook file."""

    id: str
    version: str
    language: str
    title: str
    categories: tuple[CodeSpec, ...]
    sha256: str
    source: str


def _code(reader: Reader, obj: dict, place: Place, codebook_id: str, children: bool) -> CodeSpec:
    """One category (with its subcategories when `children`) or one subcategory."""
    reader.allow_keys(obj, place, CODE_KEYS | ({"subcategories"} if children else set()))
    key = reader.ident(obj, place, "id")
    colour = reader.string(obj, place, "colour", required=False) or "#f2c94c"
    if not COLOUR_PATTERN.match(colour):
        problem = _("'%(colour)s' is not a colour such as \"#f4a261\"", colour=colour)
        reader.fail((*place, "colour"), problem)
    guid = reader.string(obj, place, "guid", required=False)
    if guid is None:
        guid = str(uuid.uuid5(GUID_NAMESPACE, f"{codebook_id}/{key}"))
    else:
        try:
            guid = str(uuid.UUID(guid))
        except ValueError:
            reader.fail((*place, "guid"), _("'%(guid)s' is not a UUID", guid=guid))
    subs = ()
    if children:
        subs = tuple(
            _code(reader, sub, sub_place, codebook_id, False)
            for sub_place, sub in reader.entries(obj, place, "subcategories", required=False)
        )
    return CodeSpec(
        key=key,
        guid=guid,
        name=reader.text(obj, place, "name"),
        definition=reader.text(obj, place, "definition", required=False) or "",
        colour=colour.lower(),
        children=subs,
    )


def parse_codebook(content: str, source: str, language: str | None = None) -> CodebookFile:
    """Parse and validate codebook YAML; texts resolve to `language` or the file's default."""
    reader = Reader(content, source, language)
    data = reader.mapping(reader.data, ())
    reader.allow_keys(data, (), TOP_KEYS)
    codebook_id = reader.ident(data, (), "id")
    if reader.string(data, (), "kind") != KIND:
        reader.fail(("kind",), _("must be '%(kind)s'", kind=KIND))
    version = reader.string(data, (), "version")
    default = reader.string(data, (), "language")
    if not LANGUAGE_PATTERN.match(default):
        problem = _("'%(code)s' is not a language code such as 'en' or 'sl'", code=default)
        reader.fail(("language",), problem)
    reader.set_default_language(default)
    title = reader.text(data, (), "title")
    entries = reader.entries(data, (), "categories")
    categories = tuple(_code(reader, obj, place, codebook_id, True) for place, obj in entries)
    _check_unique(reader, entries)
    return CodebookFile(
        id=codebook_id,
        version=version,
        language=reader.resolved_language(),
        title=title,
        categories=categories,
        sha256=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        source=source,
    )


def _check_unique(reader: Reader, entries: list) -> None:
    """Every id (categories and subcategories together) is used once."""
    found = []
    for place, obj in entries:
        found.append((obj["id"], (*place, "id")))
        for index, sub in enumerate(obj.get("subcategories") or []):
            found.append((sub["id"], (*place, "subcategories", index, "id")))
    reader.unique(found, N_("code id"))


def codebook_path(instance_path: Path | str) -> Path:
    """The file in effect: `<instance>/codebook.yaml` when present, else the shipped one."""
    override = Path(instance_path) / OVERRIDE_FILE
    return override if override.is_file() else DATA_FILE


def load_codebook(instance_path: Path | str, language: str | None = None) -> CodebookFile:
    """Read and validate the codebook file in effect."""
    path = codebook_path(instance_path)
    try:
        content = path.read_bytes().decode("utf-8")
    except OSError as exc:
        problem = _("cannot read the file (%(reason)s)", reason=exc.strerror)
        raise InstrumentError(f"{path}: {problem}") from exc
    except UnicodeDecodeError as exc:
        problem = _("byte %(byte)d: the file is not UTF-8 text", byte=exc.start)
        raise InstrumentError(f"{path}: {problem}") from exc
    return parse_codebook(content, str(path), language)
