"""Reading uploaded files without trusting them: safe zips and XML without DTDs or entities.

A .qdpx is a zip written by another program, possibly by someone hostile. Nothing is ever
extracted to disk: members are read into memory with a hard cap on each and on the whole, names
that would escape a folder (zip slip) refuse the whole file, and so do DTDs and entities in the
XML (XXE, billion laughs). lxml parses with entity resolution, network and DTD loading off.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _
from lxml import etree

MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024
MAX_MEMBERS = 20_000
# A compressed member may grow this many times (text compresses ~10×; bombs 1000× and more).
MAX_RATIO = 200
DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class ExchangeError(ValueError):
    """A file that was refused, or an import that cannot go ahead, with the sentence to show."""


@dataclass(frozen=True)
class SafeZip:
    """A zip whose member names and sizes were checked; members are read with a cap."""

    archive: zipfile.ZipFile
    names: tuple[str, ...]

    def read(self, name: str, limit: int = MAX_MEMBER) -> bytes:
        """The member's bytes, refusing it once it grows past `limit` whatever its header says."""
        chunks, size = [], 0
        with self.archive.open(name) as member:
            while chunk := member.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise ExchangeError(
                        _("The file %(name)s inside the project is too large.", name=name)
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    def find(self, wanted: str) -> str | None:
        """The member whose path equals `wanted` ignoring case and slashes' direction."""
        key = wanted.replace("\\", "/").lower()
        return next((n for n in self.names if n.replace("\\", "/").lower() == key), None)


def unsafe_name(name: str) -> bool:
    """Whether a member's name would land outside the folder it is extracted into."""
    path = name.replace("\\", "/")
    parts = path.split("/")
    return path.startswith("/") or ".." in parts or bool(re.match(r"^[A-Za-z]:", path))


def open_zip(data: bytes) -> SafeZip:
    """Open the bytes as a zip after checking every member's name, size and compression ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ExchangeError(
            _("This is not a REFI-QDA project: a .qdpx file is a zip archive.")
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise ExchangeError(_("The project holds too many files."))
    total = 0
    for info in infos:
        if unsafe_name(info.filename):
            raise ExchangeError(
                _("The project holds a file whose path leaves its folder; nothing was read.")
            )
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExchangeError(_("The project is a zip bomb (it unpacks to far more than it is)."))
        if info.file_size > MAX_MEMBER:
            raise ExchangeError(
                _("The file %(name)s inside the project is too large.", name=info.filename)
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise ExchangeError(_("The project unpacks to more than the import accepts."))
    return SafeZip(archive, tuple(i.filename for i in infos if not i.is_dir()))


def parse_xml(data: bytes) -> etree._Element:
    """Parse XML with no DTD, no entities and no network; refuse any DOCTYPE or ENTITY."""
    # The declaration may be in UTF-16: look at the text too, not only at the raw bytes.
    head = data[:4096]
    if DOCTYPE.search(data) or DOCTYPE.search(_decoded(head)):
        raise ExchangeError(
            _("The file declares a DTD or entities, which an exchange file never needs; refused.")
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ExchangeError(_("The file is not well-formed XML.")) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise ExchangeError(
            _("The file declares a DTD or entities, which an exchange file never needs; refused.")
        )
    return root


def _decoded(head: bytes) -> bytes:
    for encoding in ("utf-16", "utf-32"):
        try:
            return head.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            continue
    return b""
