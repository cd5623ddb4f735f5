"""The one place that knows every import format.

Each format is a module exposing ``name``, ``description``, ``extensions``, ``sniff(head) -> bool``
and ``parse(stream, path, *, encoding) -> Iterator[Conversation]``. The registry picks a format
from the content first (``sniff``), then from the file extension, and a failed lookup lists the
valid names.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO, Protocol, cast

from sincere.errors import InputError, UnknownFormatError
from sincere.importers import plain, srt, webvtt
from sincere.model import Conversation

#: How many bytes of a file the sniffers see.
HEAD_BYTES = 64 * 1024


class Importer(Protocol):
    """What an import format module provides."""

    name: str
    description: str
    extensions: tuple[str, ...]

    def sniff(self, head: bytes) -> bool: ...

    def parse(
        self, stream: BinaryIO, path: str, *, encoding: str = "utf-8"
    ) -> Iterator[Conversation]: ...


def _as_importer(module: ModuleType) -> Importer:
    return cast(Importer, module)


#: Sniffing order: the most specific formats first, the plain transcript (the most lenient) last.
IMPORTERS: dict[str, Importer] = {
    module.name: _as_importer(module) for module in (webvtt, srt, plain)
}


def format_names() -> list[str]:
    return list(IMPORTERS)


def get(name: str) -> Importer:
    """The importer called ``name``; an unknown name lists the valid ones."""
    try:
        return IMPORTERS[name.lower()]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {name!r}; valid formats: {', '.join(IMPORTERS)}",
            hint="run 'sincere formats' to see what each one reads",
        ) from None


def supported_extensions() -> set[str]:
    return {ext for importer in IMPORTERS.values() for ext in importer.extensions}


def detect(head: bytes, path: str) -> Importer:
    """Pick the importer for a file: by content, then by extension."""
    for importer in IMPORTERS.values():
        if importer.sniff(head):
            return importer
    suffix = Path(path).suffix.lower()
    for importer in IMPORTERS.values():
        if suffix and suffix in importer.extensions:
            return importer
    if not head:
        raise InputError("empty file: no message found", path=path)
    raise UnknownFormatError(
        f"not a conversation export sincere can read (formats: {', '.join(IMPORTERS)})",
        path=path,
        hint="name the format with --from NAME if you know it",
    )


@dataclass(frozen=True, slots=True)
class Loaded:
    """The conversations read from one file, and the format used."""

    path: str
    format: str
    conversations: list[Conversation]


def load_stream(
    stream: BinaryIO, path: str, *, format: str | None = None, encoding: str = "utf-8"
) -> Loaded:
    """Read every conversation in a binary stream. ``path`` names it in errors."""
    buffered = (
        stream
        if isinstance(stream, io.BufferedReader)
        else io.BufferedReader(cast(io.RawIOBase, stream), HEAD_BYTES)
    )
    head = buffered.peek(HEAD_BYTES)[:HEAD_BYTES]
    importer = get(format) if format else detect(head, path)
    return Loaded(path, importer.name, list(importer.parse(buffered, path, encoding=encoding)))


def load_file(
    path: str | os.PathLike[str], *, format: str | None = None, encoding: str = "utf-8"
) -> Loaded:
    """Read every conversation in one file, or in standard input when ``path`` is ``-``."""
    name = os.fspath(path)
    if name == "-":
        return load_stream(sys.stdin.buffer, "<stdin>", format=format, encoding=encoding)
    try:
        with open(name, "rb") as stream:
            return load_stream(stream, name, format=format, encoding=encoding)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory", path=name) from None
    except PermissionError:
        raise InputError("permission denied", path=name) from None


def expand(paths: list[str]) -> list[str]:
    """Files to read: files as given, directories walked for every supported file (sorted)."""
    found: list[str] = []
    extensions = supported_extensions()
    for item in paths:
        if item != "-" and os.path.isdir(item):
            inside = sorted(
                str(p)
                for p in Path(item).rglob("*")
                if p.is_file()
                and p.suffix.lower() in extensions
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )
            if not inside:
                raise InputError(
                    "no supported file in this directory",
                    path=item,
                    hint=f"supported extensions: {', '.join(sorted(extensions))}",
                )
            found.extend(inside)
        else:
            found.append(item)
    return found


def load_all(
    paths: list[str], *, format: str | None = None, encoding: str = "utf-8"
) -> Iterator[Loaded]:
    """Read files and directories one after the other, yielding each file's conversations."""
    for item in expand(paths):
        yield load_file(item, format=format, encoding=encoding)
