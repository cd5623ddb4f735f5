"""Placeholder for the telegram importer (being written)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from sincere.errors import ParseError
from sincere.model import Contact, Conversation

name = "telegram"
description = "telegram export (not written yet)"
extensions: tuple[str, ...] = (".json",)


def sniff(head: bytes) -> bool:
    return False


def parse(
    stream: BinaryIO, path: str, *, encoding: str = "utf-8"
) -> Iterator[Conversation | Contact]:
    raise ParseError("the telegram importer is not written yet", path=path)
    yield
