"""Shared helpers for text-based importers: decoding line by line with precise errors."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import BinaryIO

from sincere.errors import EncodingError, InputTooLargeError
from sincere.phrase import phrase

#: The longest line a text importer accepts. Real chat lines are far shorter; a longer one means
#: the file is not what it claims to be, and refusing it keeps memory bounded.
MAX_LINE_BYTES = 1 << 20


#: Byte-order marks of the encodings whose lines cannot be split on the byte ``\n``.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _wide_encoding(stream: BinaryIO, encoding: str) -> str | None:
    """The UTF-16/UTF-32 codec to read ``stream`` with, from its BOM or the name asked for."""
    name = codecs.lookup(encoding).name
    if name.startswith(("utf-16", "utf-32")):
        return encoding
    peek = getattr(stream, "peek", None)
    head = peek(4)[:4] if callable(peek) else b""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            return codec
    return None


def iter_lines(
    stream: BinaryIO,
    path: str,
    *,
    encoding: str = "utf-8",
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for each line, without its line ending.

    Strips a BOM, accepts LF and CRLF, reads UTF-16 and UTF-32 files (by their BOM, or when
    ``encoding`` names them), and reads in bounded memory. Raises :class:`EncodingError` naming
    the line that does not decode or holds binary data, and :class:`InputTooLargeError` for a
    line longer than ``max_line_bytes``.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise EncodingError(
            phrase("unknown encoding %(encoding)s", encoding=repr(encoding)), path=path
        ) from None
    wide = _wide_encoding(stream, encoding)
    if wide is not None:
        yield from _iter_wide_lines(stream, path, wide, max_line_bytes)
        return
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            raise _too_long(path, number, max_line_bytes)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if b"\0" in raw:
            raise _binary(path, number)
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(
                phrase(
                    "not valid %(encoding)s text (byte %(byte)s of the line)",
                    encoding=encoding,
                    byte=exc.start + 1,
                ),
                path=path,
                line=number,
                hint=phrase(
                    "if the file comes from an old Windows tool, try --encoding cp1252 (or latin-1)"
                ),
            ) from None
        yield number, text.rstrip("\r\n")


def _iter_wide_lines(
    stream: BinaryIO, path: str, encoding: str, max_line_bytes: int
) -> Iterator[tuple[int, str]]:
    limit = max_line_bytes // 2
    reader = io.TextIOWrapper(stream, encoding=encoding, newline=None)
    number = 0
    try:
        while True:
            try:
                text = reader.readline(limit + 1)
            except UnicodeError:  # UnicodeDecodeError, or "UTF-16 stream does not start with BOM"
                raise EncodingError(
                    phrase("not valid %(encoding)s text", encoding=encoding),
                    path=path,
                    line=number + 1,
                ) from None
            if not text:
                return
            number += 1
            if len(text) > limit and not text.endswith("\n"):
                raise _too_long(path, number, max_line_bytes)
            text = text.rstrip("\r\n").lstrip("\ufeff") if number == 1 else text.rstrip("\r\n")
            if "\0" in text:
                raise _binary(path, number)
            yield number, text
    finally:
        reader.detach()


def _too_long(path: str, line: int, max_line_bytes: int) -> InputTooLargeError:
    return InputTooLargeError(
        phrase(
            "line is longer than %(size)s MiB; this does not look like a conversation export",
            size=max_line_bytes // (1 << 20),
        ),
        path=path,
        line=line,
    )


def _binary(path: str, line: int) -> EncodingError:
    return EncodingError(
        phrase("binary data (NUL bytes): this is not a text conversation export"),
        path=path,
        line=line,
    )


def decode_head(head: bytes) -> str | None:
    """Decode the first bytes of a file for sniffing; ``None`` if they are not text (UTF-8, or
    UTF-16/UTF-32 with a BOM)."""
    for bom, codec in _WIDE_BOMS:
        if head.startswith(bom):
            usable = len(head) - len(head) % (4 if codec == "utf-32" else 2)
            return head[:usable].decode(codec, errors="ignore")
    if b"\0" in head:
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    # The head may end in the middle of a multi-byte character: ignore only a truncated tail.
    text = head.decode("utf-8", errors="ignore")
    if len(text.encode("utf-8")) < len(head) - 4:
        return None
    return text
