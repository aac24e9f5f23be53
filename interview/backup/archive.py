"""The backup archive: a zip of files with a manifest of SHA-256 checksums, optionally encrypted.

Unencrypted, the archive is a plain zip: ``manifest.json`` and every file under ``files/``.
Encrypted, it is ``MAGIC``, a random salt, and the zip as a Fernet token (AES-128-CBC with an
HMAC-SHA256, from the `cryptography` package) under a key derived from the passphrase with scrypt.
A wrong passphrase and a changed byte fail the same HMAC check, before anything is read.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT = "interview-backup/1"
MANIFEST = "manifest.json"
FILES = "files/"
MAGIC = b"INTERVIEW-BACKUP-FERNET-SCRYPT-1\n"
SALT_BYTES = 16
# scrypt cost: 2**15 x 8 x 1 takes ~32 MiB and a tenth of a second, and slows guessing as much.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class ArchiveError(Exception):
    """The archive cannot be trusted or read; the message says why in one line."""


@dataclass(frozen=True)
class Backup:
    """What an archive holds: file name -> bytes, and the manifest that lists them."""

    manifest: dict
    files: dict[str, bytes]


def sha256(data: bytes) -> str:
    """The SHA-256 hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def pack(files: Mapping[str, bytes], info: Mapping[str, str], passphrase: str | None) -> bytes:
    """Build the archive of ``files`` (relative POSIX names) with a manifest and ``info`` in it."""
    manifest = {
        "format": FORMAT,
        **info,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
        for name, data in sorted(files.items()):
            archive.writestr(FILES + safe_name(name), data)
    return encrypt(buffer.getvalue(), passphrase) if passphrase else buffer.getvalue()


def unpack(data: bytes, passphrase: str | None) -> Backup:
    """Read and verify an archive: every checksum must match and nothing may be missing or extra."""
    if data.startswith(MAGIC):
        if not passphrase:
            raise ArchiveError("The archive is encrypted: give its passphrase.")
        data = decrypt(data, passphrase)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            files = {
                info.filename[len(FILES) :]: archive.read(info)
                for info in archive.infolist()
                if info.filename != MANIFEST
            }
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArchiveError(f"This is not a backup archive ({error}).") from None
    verify(manifest, files)
    return Backup(manifest, files)


def verify(manifest: dict, files: dict[str, bytes]) -> None:
    """Refuse an archive whose files differ from its manifest in any way."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"Unknown archive format (expected {FORMAT}).")
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise ArchiveError("The archive's manifest lists no files.")
    if set(listed) != set(files):
        differ = sorted(set(listed) ^ set(files))
        raise ArchiveError(f"The archive does not hold what its manifest lists: {differ[:5]}.")
    for name, data in sorted(files.items()):
        safe_name(name)
        if sha256(data) != listed[name]:
            raise ArchiveError(f"Checksum mismatch for {name}: the archive is damaged or altered.")


def safe_name(name: str) -> str:
    """A relative path without ``..``, so restoring cannot write outside the target folder."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise ArchiveError(f"Unsafe file name in the archive: {name!r}.")
    return name


def derive_key(passphrase: str, salt: bytes) -> bytes:
    """The Fernet key for ``passphrase`` and ``salt`` (scrypt)."""
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return base64.urlsafe_b64encode(kdf.derive(passphrase.encode("utf-8")))


def encrypt(data: bytes, passphrase: str) -> bytes:
    """``MAGIC`` + salt + the Fernet token of ``data``."""
    salt = os.urandom(SALT_BYTES)
    return MAGIC + salt + Fernet(derive_key(passphrase, salt)).encrypt(data)


def decrypt(data: bytes, passphrase: str) -> bytes:
    """The plain archive, or an ArchiveError for a wrong passphrase or a changed byte."""
    salt = data[len(MAGIC) : len(MAGIC) + SALT_BYTES]
    token = data[len(MAGIC) + SALT_BYTES :]
    try:
        return Fernet(derive_key(passphrase, salt)).decrypt(token)
    except InvalidToken:
        raise ArchiveError("Wrong passphrase, or the archive is damaged.") from None
