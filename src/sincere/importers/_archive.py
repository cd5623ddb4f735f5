"""Exports that are several files: a ``.zip`` (WhatsApp with media, Slack) or a folder (Slack,
a Messenger thread with ``message_1.json``, ``message_2.json``…).

Both are seen by the importers as a :class:`Tree`: a list of relative POSIX names and a way to
open one for reading. Nothing is ever extracted to disk. A zip is checked before anything is
read from it: entries with ``..`` or an absolute path, too many entries, a total size or a
compression ratio beyond sane limits (a zip bomb) are refused with one clear error.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Protocol, cast

from sincere.errors import InputError, InputTooLargeError
from sincere.phrase import Grouped, phrase

#: The first bytes of a zip archive (a local file header, or the end record of an empty one).
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

#: Limits on what a zip may unpack to. A real chat export with its media stays far below them.
MAX_ENTRIES = 100_000
MAX_TOTAL_BYTES = 8 << 30
MAX_RATIO = 200
#: Entries smaller than this are not checked for their ratio (tiny files compress oddly well).
RATIO_FLOOR_BYTES = 1 << 20

#: How much of standard input is spooled to a temporary file to read a zip from it.
MAX_SPOOLED_BYTES = 4 << 30


class Tree(Protocol):
    """The files of a multi-file export."""

    #: Where the export is (for messages and errors).
    path: str

    def names(self) -> list[str]:
        """Every file, as a relative POSIX path, sorted."""
        ...

    def open(self, name: str) -> BinaryIO:
        """A binary stream of one file; the caller closes it."""
        ...

    def display(self, name: str) -> str:
        """How errors name one file of the export."""
        ...


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


class DirectoryTree:
    """A folder holding an export. Hidden files and symbolic links leading outside are skipped."""

    def __init__(self, root: str) -> None:
        self.path = root
        self._root = Path(root).resolve()

    def names(self) -> list[str]:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self._root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in filenames:
                if filename.startswith("."):
                    continue
                full = Path(dirpath, filename)
                try:
                    inside = full.resolve().is_relative_to(self._root)
                    regular = stat.S_ISREG(full.stat().st_mode)
                except OSError:
                    continue
                if inside and regular:
                    found.append(full.relative_to(self._root).as_posix())
        return sorted(found)

    def open(self, name: str) -> BinaryIO:
        try:
            return open(self._root / PurePosixPath(name), "rb")
        except OSError as error:
            raise InputError(
                phrase("cannot read: %(reason)s", reason=str(error.strerror or error)),
                path=self.display(name),
            ) from None

    def display(self, name: str) -> str:
        return os.path.join(self.path, *PurePosixPath(name).parts)


class ZipTree:
    """A zip archive holding an export, checked against path tricks and zip bombs."""

    def __init__(self, archive: zipfile.ZipFile, path: str) -> None:
        self.path = path
        self._archive = archive
        self._members = _checked_members(archive, path)

    def names(self) -> list[str]:
        return sorted(self._members)

    def open(self, name: str) -> BinaryIO:
        """The entry's bytes; a damaged entry (bad CRC, broken deflate data, unsupported
        compression) raises :class:`InputError` naming it, whenever the damage is met."""
        try:
            entry = self._archive.open(self._members[name])
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, UnicodeDecodeError) as error:
            raise InputError(
                phrase("cannot read this zip entry: %(reason)s", reason=str(error)),
                path=self.display(name),
            ) from None
        return cast(
            BinaryIO, io.BufferedReader(_Checked(cast(BinaryIO, entry), self.display(name)))
        )

    def display(self, name: str) -> str:
        return f"{self.path}!{name}"


class _Checked(io.RawIOBase):
    """A zip entry whose read errors become :class:`InputError`s naming it."""

    def __init__(self, entry: BinaryIO, name: str) -> None:
        super().__init__()
        self._entry = entry
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._entry.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
            raise InputError(
                phrase("damaged zip entry (%(reason)s)", reason=str(error)), path=self._name
            ) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._entry.close()
        super().close()


def _checked_members(archive: zipfile.ZipFile, path: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputTooLargeError(
            phrase(
                "zip archive with %(entries)s entries (the limit is %(limit)s)",
                entries=Grouped(len(infos)),
                limit=Grouped(MAX_ENTRIES),
            ),
            path=path,
        )
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or (parts and parts[0].endswith(":")) or ".." in parts:
            raise InputError(
                phrase(
                    "zip entry %(entry)s points outside the archive; refusing it",
                    entry=repr(info.filename),
                ),
                path=path,
                hint=phrase("this archive was not written by a chat app; do not extract it either"),
            )
        if info.is_dir():
            continue
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputTooLargeError(
                phrase(
                    "zip archive unpacks to more than %(size)s GiB; refusing it (zip bomb?)",
                    size=MAX_TOTAL_BYTES >> 30,
                ),
                path=path,
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise InputTooLargeError(
                phrase(
                    "zip entry %(entry)s expands %(ratio)s times (the limit is %(limit)s); "
                    "refusing it (zip bomb?)",
                    entry=repr(info.filename),
                    ratio=Grouped(ratio),
                    limit=MAX_RATIO,
                ),
                path=path,
            )
        if any(part.startswith(".") for part in parts) or parts[0] == "__MACOSX":
            continue
        members[PurePosixPath(*parts).as_posix()] = info
    return members


@contextmanager
def open_zip(stream: BinaryIO, path: str) -> Iterator[ZipTree]:
    """The zip archive in ``stream`` as a :class:`ZipTree` (spooled to a temporary file first
    when the stream cannot seek, like standard input)."""
    with _seekable(stream, path) as seekable:
        try:
            archive = zipfile.ZipFile(seekable)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise InputError(
                phrase("not a readable zip archive (%(reason)s)", reason=str(error)), path=path
            ) from None
        with archive:
            yield ZipTree(archive, path)


@contextmanager
def _seekable(stream: BinaryIO, path: str) -> Iterator[BinaryIO]:
    try:
        seekable = stream.seekable()
    except (AttributeError, ValueError):
        seekable = False
    if seekable:
        yield stream
        return
    with tempfile.TemporaryFile() as spool:
        copied = 0
        while chunk := stream.read(1 << 20):
            copied += len(chunk)
            if copied > MAX_SPOOLED_BYTES:
                raise InputTooLargeError(
                    phrase(
                        "zip archive on standard input larger than %(size)s GiB",
                        size=MAX_SPOOLED_BYTES >> 30,
                    ),
                    path=path,
                )
            spool.write(chunk)
        spool.seek(0)
        yield cast(BinaryIO, spool)


__all__ = ["DirectoryTree", "Tree", "ZipTree", "is_zip", "open_zip"]
