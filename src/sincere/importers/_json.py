"""Shared helpers for JSON-based importers: bounded reading with precise errors."""

from __future__ import annotations

import codecs
import json
from typing import Any, BinaryIO

from sincere.errors import EncodingError, InputTooLargeError, ParseError
from sincere.phrase import phrase

#: The largest JSON document an importer reads into memory. Chat apps split bigger histories
#: into several files (``message_1.json``, ``message_2.json``…); Telegram's full-account export
#: can be large, hence a generous limit.
MAX_JSON_BYTES = 1 << 30


def read_json(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8", max_bytes: int = MAX_JSON_BYTES
) -> Any:
    """The JSON document in ``stream``.

    Accepts UTF-8 with or without BOM (and UTF-16/32 with a BOM). Raises
    :class:`InputTooLargeError` beyond ``max_bytes``, :class:`EncodingError` naming the line of
    an undecodable byte, and :class:`ParseError` naming the line of a syntax error, or saying the
    nesting is too deep (the parser's recursion limit, far beyond any real export).
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(
            phrase(
                "JSON file larger than %(size)s MiB; split it or export less",
                size=max_bytes >> 20,
            ),
            path=path,
        )
    text = _decode(data, path, encoding)
    if not text.strip():
        raise ParseError(phrase("empty file: no JSON document"), path=path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(
            phrase(
                "not valid JSON: %(detail)s (column %(column)s)",
                detail=error.msg,
                column=error.colno,
            ),
            path=path,
            line=error.lineno,
        ) from None
    except RecursionError:
        raise ParseError(phrase("JSON nested too deeply to be a chat export"), path=path) from None


def _decode(data: bytes, path: str, encoding: str) -> str:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            encoding = codec
            break
    try:
        return data.decode(encoding)
    except LookupError:
        raise EncodingError(
            phrase("unknown encoding %(encoding)s", encoding=repr(encoding)), path=path
        ) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EncodingError(
            phrase(
                "not valid %(encoding)s text (byte %(byte)s)",
                encoding=encoding,
                byte=error.start + 1,
            ),
            path=path,
            line=line,
            hint=phrase(
                "JSON exports are UTF-8; if this one was re-saved by another tool, try "
                "--encoding cp1252 (or latin-1)"
            ),
        ) from None
