"""The one place that knows every import format.

Each format is a module exposing ``name``, ``description``, ``extensions``, ``sniff(head) -> bool``
and ``parse(stream, path, *, encoding) -> Iterator[Conversation | Contact]``. The registry picks a
format from the content first (``sniff``), then from the file extension, and a failed lookup lists
the valid names.

Formats whose exports are several files (a ``.zip``, or a folder) also expose
``sniff_tree(names) -> bool`` and ``parse_tree(tree, *, encoding)``, where ``tree`` is a
:class:`~sincere.importers._archive.Tree`. A zip is offered to them whole (``names`` are all its
entries); a folder met while walking directories is offered with the names of the files directly
inside it, and a folder one of them claims is read as one export instead of file by file.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO, Protocol, cast

from sincere.errors import InputError, UnknownFormatError
from sincere.importers import (
    discord,
    linkedin,
    linkedin_connections,
    mail,
    messenger,
    plain,
    signal_export,
    slack,
    srt,
    telegram,
    vcard,
    webvtt,
    whatsapp,
)
from sincere.importers._archive import DirectoryTree, Tree, is_zip, open_zip
from sincere.model import Contact, Conversation
from sincere.phrase import phrase

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
    ) -> Iterator[Conversation | Contact]: ...


class TreeImporter(Importer, Protocol):
    """An import format whose exports can also be a zip archive or a folder."""

    def sniff_tree(self, names: Sequence[str]) -> bool: ...

    def parse_tree(
        self, tree: Tree, *, encoding: str = "utf-8"
    ) -> Iterator[Conversation | Contact]: ...


def reads_trees(importer: Importer) -> bool:
    return callable(getattr(importer, "sniff_tree", None)) and callable(
        getattr(importer, "parse_tree", None)
    )


def _as_importer(module: ModuleType) -> Importer:
    return cast(Importer, module)


#: Sniffing order: the most specific formats first, the plain transcript (the most lenient) last.
IMPORTERS: dict[str, Importer] = {
    module.name: _as_importer(module)
    for module in (
        whatsapp,
        telegram,
        messenger,
        discord,
        slack,
        linkedin,
        linkedin_connections,
        mail,
        vcard,
        signal_export,
        webvtt,
        srt,
        plain,
    )
}

#: Other names a format answers to (``--from instagram`` reads Messenger's format).
ALIASES: dict[str, str] = {
    alias: importer.name
    for importer in IMPORTERS.values()
    for alias in getattr(importer, "aliases", ())
}


def format_names() -> list[str]:
    return list(IMPORTERS)


def get(name: str) -> Importer:
    """The importer called ``name``; an unknown name lists the valid ones."""
    key = name.strip().lower()
    try:
        return IMPORTERS[ALIASES.get(key, key)]
    except KeyError:
        raise UnknownFormatError(
            phrase(
                "unknown format %(name)s; valid formats: %(formats)s",
                name=repr(name),
                formats=tuple(IMPORTERS),
            ),
            hint=phrase("run 'sincere formats' to see what each one reads"),
        ) from None


def supported_extensions() -> set[str]:
    return {ext for importer in IMPORTERS.values() for ext in importer.extensions}


def recognise(head: bytes) -> Importer | None:
    """The importer whose sniffer recognises ``head``, if any."""
    for importer in IMPORTERS.values():
        if importer.sniff(head):
            return importer
    return None


def detect(head: bytes, path: str) -> Importer:
    """Pick the importer for a file: by content, then by extension (of the formats that claim
    an extension, the last in sniffing order: the most lenient, whose errors say most)."""
    found = recognise(head)
    if found is not None:
        return found
    suffix = Path(path).suffix.lower()
    claiming = [i for i in IMPORTERS.values() if suffix and suffix in i.extensions]
    if claiming:
        return claiming[-1]
    if not head:
        raise InputError(phrase("empty file: no message found"), path=path)
    raise UnknownFormatError(
        phrase(
            "not a conversation export sincere can read (formats: %(formats)s)",
            formats=tuple(IMPORTERS),
        ),
        path=path,
        hint=phrase("name the format with --from NAME if you know it"),
    )


@dataclass(frozen=True, slots=True)
class Loaded:
    """The conversations (and contacts, for a contact list) read from one input, and its format."""

    path: str
    format: str
    conversations: list[Conversation]
    contacts: list[Contact] = field(default_factory=list)
    #: Why a file met while walking a directory was not read (it is not an export).
    skipped: str | None = None


def renamed(loaded: Loaded, prefix: str, replacement: str = "") -> Loaded:
    """``loaded`` with ``prefix`` of its path and of its conversations' source paths replaced:
    a file saved under a temporary name (an upload) known again by its own name. The messages
    are untouched (a streamed conversation still reads the file where it is)."""

    def rename(path: str) -> str:
        return replacement + path[len(prefix) :] if path.startswith(prefix) else path

    return dataclasses.replace(
        loaded,
        path=rename(loaded.path),
        conversations=[
            dataclasses.replace(
                conversation,
                source=dataclasses.replace(
                    conversation.source, path=rename(conversation.source.path)
                ),
            )
            for conversation in loaded.conversations
        ],
    )


def _collect(path: str, importer: Importer, items: Iterable[Conversation | Contact]) -> Loaded:
    loaded = Loaded(path, importer.name, [])
    for item in items:
        if isinstance(item, Conversation):
            loaded.conversations.append(item)
        else:
            loaded.contacts.append(item)
    return loaded


def _tree_importer(tree: Tree, names: Sequence[str], format: str | None) -> TreeImporter | None:
    """The importer for a zip or folder export: the one named, or the first that claims it."""
    if format:
        importer = get(format)
        if not reads_trees(importer):
            raise UnknownFormatError(
                phrase(
                    "the %(format)s format does not read zip archives or folders",
                    format=importer.name,
                ),
                path=tree.path,
                hint=phrase(
                    "formats that do: %(formats)s",
                    formats=tuple(i.name for i in IMPORTERS.values() if reads_trees(i)),
                ),
            )
        return cast(TreeImporter, importer)
    for importer in IMPORTERS.values():
        if reads_trees(importer) and cast(TreeImporter, importer).sniff_tree(names):
            return cast(TreeImporter, importer)
    return None


def load_tree(tree: Tree, names: Sequence[str], *, format: str | None, encoding: str) -> Loaded:
    importer = _tree_importer(tree, names, format)
    if importer is None:
        shown = (*names[:5], "…") if len(names) > 5 else tuple(names)
        raise UnknownFormatError(
            phrase(
                "holds no conversation export sincere can read (%(names)s)",
                names=shown or phrase("nothing"),
            ),
            path=tree.path,
            hint=phrase("run 'sincere formats' to see what sincere reads"),
        )
    return _collect(tree.path, importer, importer.parse_tree(tree, encoding=encoding))


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
    if is_zip(head):
        with open_zip(buffered, path) as tree:
            return load_tree(tree, tree.names(), format=format, encoding=encoding)
    importer = get(format) if format else detect(head, path)
    return _collect(path, importer, importer.parse(buffered, path, encoding=encoding))


#: ``on_read(path, bytes_read, total_bytes)``: told as a file is read, for progress bars.
ReadObserver = Callable[[str, int, int], None]


class _Observed(io.RawIOBase):
    """A file that tells an observer how far it has been read."""

    def __init__(self, raw: io.FileIO, name: str, observer: ReadObserver) -> None:
        super().__init__()
        self._raw = raw
        self._name = name
        self._observer = observer
        self._total = os.fstat(raw.fileno()).st_size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._raw.readinto(buffer) or 0
        self._observer(self._name, self._raw.tell(), self._total)
        return count

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()
        super().close()


def load_file(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    encoding: str = "utf-8",
    on_read: ReadObserver | None = None,
) -> Loaded:
    """Read every conversation in one file, or in standard input when ``path`` is ``-``.

    ``on_read`` is told how many bytes of the file have been read, as they are.
    """
    name = os.fspath(path)
    if name == "-":
        return load_stream(sys.stdin.buffer, "<stdin>", format=format, encoding=encoding)
    if os.path.isdir(name):
        tree = DirectoryTree(name)
        if _tree_importer(tree, _children(name), format) is None:
            raise InputError(
                phrase("is a directory, not an export sincere reads as a whole"),
                path=name,
                hint=phrase(
                    "pass the files inside, or use 'sincere analyze DIRECTORY' to read them all"
                ),
            )
        return load_tree(tree, _children(name), format=format, encoding=encoding)
    try:
        if on_read is None:
            with open(name, "rb") as stream:
                return load_stream(stream, name, format=format, encoding=encoding)
        with io.BufferedReader(_Observed(io.FileIO(name, "rb"), name, on_read)) as observed:
            return load_stream(observed, name, format=format, encoding=encoding)
    except FileNotFoundError:
        raise InputError(phrase("no such file"), path=name) from None
    except IsADirectoryError:
        raise InputError(phrase("is a directory"), path=name) from None
    except PermissionError:
        raise InputError(phrase("permission denied"), path=name) from None


def _children(directory: str) -> list[str]:
    """The names of the files directly inside ``directory`` (what a folder export is sniffed by)."""
    try:
        return sorted(
            entry.name
            for entry in os.scandir(directory)
            if entry.is_file() and not entry.name.startswith(".")
        )
    except OSError:
        return []


def _claimed(directory: str) -> bool:
    names = _children(directory)
    return any(
        reads_trees(importer) and cast(TreeImporter, importer).sniff_tree(names)
        for importer in IMPORTERS.values()
    )


def _walk(directory: str, extensions: set[str]) -> list[str]:
    """The inputs inside ``directory``: folder exports as a whole, then supported files."""
    if _claimed(directory):
        return [directory]
    found: list[str] = []
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        raise InputError(
            phrase("cannot list: %(reason)s", reason=str(error.strerror or error)), path=directory
        ) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found.extend(_walk(entry.path, extensions))
        elif entry.is_file() and Path(entry.name).suffix.lower() in extensions:
            found.append(entry.path)
    return found


@dataclass(frozen=True, slots=True)
class Input:
    """One input to read: a file, a folder export or ``-``; ``named`` is false for a file found
    by walking a directory (skipped, not an error, when no format recognises it)."""

    path: str
    named: bool


def plan(paths: list[str]) -> list[Input]:
    """The inputs ``paths`` stand for, in reading order (directories walked)."""
    return [Input(path, named) for path, named in _inputs(paths)]


def _inputs(paths: list[str]) -> list[tuple[str, bool]]:
    """``(input, named)`` pairs: ``named`` is false for a file found by walking a directory."""
    found: list[tuple[str, bool]] = []
    extensions = supported_extensions()
    for item in paths:
        if item != "-" and os.path.isdir(item) and not _claimed(item):
            inside = _walk(item, extensions)
            if not inside:
                raise InputError(
                    phrase("no supported file in this directory"),
                    path=item,
                    hint=phrase(
                        "supported extensions: %(extensions)s", extensions=tuple(sorted(extensions))
                    ),
                )
            found.extend((path, False) for path in inside)
        else:
            found.append((item, True))
    return found


def expand(paths: list[str]) -> list[str]:
    """Inputs to read: files as given; directories walked for every supported file (sorted), a
    folder that is itself an export (a Slack workspace, a Messenger thread) kept whole."""
    return [path for path, _ in _inputs(paths)]


def _is_export(path: str) -> bool:
    """Whether a file found by walking a directory looks like an export (by its content)."""
    if os.path.isdir(path):
        return True
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError:
        return True  # let load_file report it
    return is_zip(head) or recognise(head) is not None


def load_all(
    paths: list[str] | list[Input],
    *,
    format: str | None = None,
    encoding: str = "utf-8",
    on_read: ReadObserver | None = None,
) -> Iterator[Loaded]:
    """Read files and directories (or the inputs of a :func:`plan`) one after the other,
    yielding each input's conversations.

    A file met while walking a directory that no format recognises by its content (a README, a
    settings file) is not read: its :class:`Loaded` says why in ``skipped``. Files named
    explicitly are always read, so their errors are reported.
    """
    inputs = (
        [(item.path, item.named) for item in paths if isinstance(item, Input)]
        if paths and isinstance(paths[0], Input)
        else _inputs([item for item in paths if isinstance(item, str)])
    )
    for item, named in inputs:
        if not named and format is None and not _is_export(item):
            skipped = phrase("not a conversation export sincere recognises")
            yield Loaded(item, "", [], skipped=skipped)
            continue
        yield load_file(item, format=format, encoding=encoding, on_read=on_read)
