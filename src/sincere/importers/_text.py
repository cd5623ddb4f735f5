"""Shared helpers for text-based importers: decoding line by line with precise errors."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from sincere.errors import EncodingError, InputTooLargeError, ParseError

#: The longest line a text importer accepts. Real chat lines are far shorter; a longer one means
#: the file is not what it claims to be, and refusing it keeps memory bounded.
MAX_LINE_BYTES = 1 << 20


def iter_lines(
    stream: BinaryIO,
    path: str,
    *,
    encoding: str = "utf-8",
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each line, without its line ending.

    Strips a UTF-8 BOM, accepts LF and CRLF, and reads in bounded memory. Raises
    :class:`EncodingError` naming the line that does not decode or holds binary data, and
    :class:`InputTooLargeError` for a line longer than ``max_line_bytes``.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise EncodingError(f"unknown encoding {encoding!r}", path=path) from None
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            raise InputTooLargeError(
                f"line is longer than {max_line_bytes // (1 << 20)} MiB; this does not look like "
                "a conversation export",
                path=path,
                line=number,
            )
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if b"\0" in raw:
            raise EncodingError(
                "binary data (NUL bytes): this is not a text conversation export",
                path=path,
                line=number,
            )
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"not valid {encoding} text (byte {exc.start + 1} of the line)",
                path=path,
                line=number,
                hint="if the file comes from an old Windows tool, try --encoding cp1252 "
                "(or latin-1)",
            ) from None
        yield number, text.rstrip("\r\n")


def require_nonempty(path: str, found_any: bool, what: str) -> None:
    """Raise a :class:`ParseError` for an input that held no usable content."""
    if not found_any:
        raise ParseError(what, path=path)


def decode_head(head: bytes) -> str | None:
    """Decode the first bytes of a file for sniffing; ``None`` if they are not UTF-8 text."""
    if b"\0" in head:
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    # The head may end in the middle of a multi-byte character: ignore only a truncated tail.
    text = head.decode("utf-8", errors="ignore")
    if len(text.encode("utf-8")) < len(head) - 4:
        return None
    return text
