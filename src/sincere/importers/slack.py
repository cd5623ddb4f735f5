"""Placeholder for the slack importer (being written)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.model import Contact, Conversation

name = "slack"
description = "slack export (not written yet)"
extensions: tuple[str, ...] = (".zip",)


def sniff(head: bytes) -> bool:
    return False


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    raise ParseError("the slack importer is not written yet", path=path)
    yield
